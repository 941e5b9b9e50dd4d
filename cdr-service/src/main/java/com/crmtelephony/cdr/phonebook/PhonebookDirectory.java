package com.crmtelephony.cdr.phonebook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    /**
     * @return contact names by number as asked, or empty when the phone book could not be asked
     */
    public Optional<Map<String, String>> names(UUID tenant, List<String> numbers) {
        if (numbers.isEmpty()) {
            return Optional.of(Map.of());
        }
        try {
            return Optional.of(remote.call(PHONEBOOK, () -> lookupAll(tenant, numbers)));
        } catch (DependencyUnavailableException | HttpClientErrorException e) {
            log.warn("Phone book lookup for tenant {} failed: {}", tenant, e.getCause() == null ? e : e.getCause());
            return Optional.empty();
        }
    }

    private Map<String, String> lookupAll(UUID tenant, List<String> numbers) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < numbers.size(); i += batchSize) {
            List<String> batch = new ArrayList<>(numbers.subList(i, Math.min(numbers.size(), i + batchSize)));
            for (PhonebookClient.Match match : client.lookup(tenant, batch)) {
                names.put(match.number(), match.name());
            }
        }
        return names;
    }
}
