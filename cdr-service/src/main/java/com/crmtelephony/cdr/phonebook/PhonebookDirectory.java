package com.crmtelephony.cdr.phonebook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.cdr.CdrProperties;
import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.support.remote.RemoteCalls;

/**
 * Names for phone numbers, from the tenant's phone book. Answers "unknown" (empty) rather than
 * failing when phonebook-service is slow or down: callers degrade, they do not break.
 */
@Component
@ImportHttpServices(group = PhonebookDirectory.PHONEBOOK, types = PhonebookClient.class)
public class PhonebookDirectory {

    /** The service's id, its HTTP service group and its resilience instances (config-repo). */
    static final String PHONEBOOK = "phonebook-service";

    private static final Logger log = LoggerFactory.getLogger(PhonebookDirectory.class);

    private final PhonebookClient client;
    private final RemoteCalls remote;
    private final int batchSize;

    PhonebookDirectory(PhonebookClient client, RemoteCalls remote, CdrProperties properties) {
        this.client = client;
        this.remote = remote;
        this.batchSize = properties.lookupBatchSize();
    }

    /** What the phone book says of a number: the E.164 form it matches as, and its contact's name (each may be null). */
    public record NumberState(String number, String normalized, String name) {
    }

    /**
     * @return contact names by number as asked, or empty when the phone book could not be asked
     */
    public Optional<Map<String, String>> names(UUID tenant, List<String> numbers) {
        if (numbers.isEmpty()) {
            return Optional.of(Map.of());
        }
        return ask(tenant, "lookup", () -> {
            Map<String, String> names = new HashMap<>();
            inBatches(numbers, batch -> client.lookup(tenant, batch, false).forEach(m -> names.put(m.number(), m.name())));
            return names;
        });
    }

    /** @return a state for each number, or empty when the phone book could not be asked */
    public Optional<List<NumberState>> states(UUID tenant, List<String> numbers) {
        if (numbers.isEmpty()) {
            return Optional.of(List.of());
        }
        return ask(tenant, "lookup", () -> {
            List<NumberState> states = new ArrayList<>(numbers.size());
            inBatches(numbers, batch -> client.lookup(tenant, batch, true)
                    .forEach(m -> states.add(new NumberState(m.number(), m.normalizedNumber(), m.name()))));
            return states;
        });
    }

    /** @param after a position a previous answer gave; null: only where the feed stands now */
    Optional<PhonebookClient.Changes> changes(UUID tenant, Long after) {
        return ask(tenant, "change feed", () -> client.changes(tenant, after));
    }

    private <T> Optional<T> ask(UUID tenant, String what, Supplier<T> request) {
        try {
            return Optional.of(remote.call(PHONEBOOK, request));
        } catch (DependencyUnavailableException | HttpClientErrorException e) {
            log.warn("Phone book {} for tenant {} failed: {}", what, tenant, e.getCause() == null ? e : e.getCause());
            return Optional.empty();
        }
    }

    private void inBatches(List<String> numbers, Consumer<List<String>> each) {
        for (int i = 0; i < numbers.size(); i += batchSize) {
            each.accept(new ArrayList<>(numbers.subList(i, Math.min(numbers.size(), i + batchSize))));
        }
    }
}
