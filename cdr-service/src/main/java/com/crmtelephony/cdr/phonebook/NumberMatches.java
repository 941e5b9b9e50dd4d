package com.crmtelephony.cdr.phonebook;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.crmtelephony.cdr.call.NumberForms;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.support.remote.DependencyUnavailableException;

/**
 * What the phone book said of each number of a tenant's calls ({@code number_match}, V8): kept
 * between reports, so that a report asks the phone book where its change feed stands (one small
 * request) and about the numbers it has not seen since, not about every number each time.
 */
@Component
public class NumberMatches implements NumberForms {

    /** Unknown numbers taken per round: the phone book is asked in its lookup batches within it. */
    private static final int ROUND = 10_000;

    private final NumberMatchRepository matches;
    /** The report's (which reads the matches in turn): looked up when first needed. */
    private final ObjectProvider<CallNumbers> callNumbers;
    private final TenantRepository tenants;
    private final TransactionTemplate transaction;
    private final PhonebookDirectory phonebook;

    NumberMatches(NumberMatchRepository matches, ObjectProvider<CallNumbers> callNumbers, TenantRepository tenants,
                  TransactionTemplate transaction, PhonebookDirectory phonebook) {
        this.matches = matches;
        this.callNumbers = callNumbers;
        this.tenants = tenants;
        this.transaction = transaction;
        this.phonebook = phonebook;
    }

    /**
     * Forgets what the phone book said of the numbers whose contact changed since the last reading
     * of its change feed (one small request; nothing is written when nothing changed).
     *
     * @return false when the phone book could not be asked (the report then says its unmatched
     *         figures are unavailable)
     */
    public boolean followChanges(UUID tenant) {
        Long position = position(tenant);
        Optional<PhonebookClient.Changes> read = phonebook.changes(tenant, position);
        if (read.isEmpty()) {
            return false;
        }
        PhonebookClient.Changes changes = read.get();
        if (changes.complete() && changes.numbers().isEmpty() && position != null && position == changes.position()) {
            return true;
        }
        transaction.executeWithoutResult(status -> {
            if (!changes.complete()) {
                matches.forgetAll(tenant);
            } else if (!changes.numbers().isEmpty()) {
                matches.forgetKeyed(tenant, changes.numbers());
            }
            // Two reports reading at once: the feed never goes back.
            tenants.advancePhonebookPosition(tenant, changes.position());
        });
        return true;
    }

    /**
     * Asks the phone book about every number of the tenant's calls that has no state (new
     * numbers, and those {@link #followChanges} forgot).
     *
     * @return false when the phone book could not be asked
     */
    public boolean askAboutUnknown(UUID tenant) {
        // A reading of the feed that overtakes the lookups (it may have forgotten a number they
        // were answered about) makes them ask again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Long position = position(tenant);
            Outcome outcome = ask(tenant, position == null ? -1 : position);
            if (outcome != Outcome.OVERTAKEN) {
                return outcome == Outcome.KNOWN;
            }
        }
        return false;
    }

    /**
     * The stored forms of the tenant's numbers that the phone book keys as it keys {@code digits}:
     * what it said of every number of the tenant's calls, brought up to date first (the calls
     * written since the last fold, the contacts changed since the last reading of its feed), then
     * its key for the number asked. Call numbers are only ever matched on their other party's
     * side here; the asked digits themselves match either side.
     */
    @Override
    public Set<String> of(UUID tenant, String digits) {
        if (tenants.find(tenant).isEmpty()) {
            return Set.of(digits); // no call of its own to match, and nothing to ask the phone book
        }
        callNumbers.getObject().fold(tenant);
        Optional<List<PhonebookDirectory.NumberState>> asked = followChanges(tenant) && askAboutUnknown(tenant)
                ? phonebook.states(tenant, List.of(digits)) : Optional.empty();
        if (asked.isEmpty()) {
            throw new DependencyUnavailableException("phonebook-service (it matches a number's forms)", null);
        }
        Set<String> forms = new LinkedHashSet<>(List.of(digits));
        asked.get().stream().map(PhonebookDirectory.NumberState::normalized).filter(Objects::nonNull).findFirst()
                .ifPresent(key -> forms.addAll(matches.keyedAs(tenant, key)));
        return forms;
    }

    private enum Outcome { KNOWN, UNAVAILABLE, OVERTAKEN }

    private Long position(UUID tenant) {
        return tenants.phonebookPosition(tenant);
    }

    private Outcome ask(UUID tenant, long position) {
        while (true) {
            List<String> unknown = matches.unknown(tenant, ROUND);
            if (unknown.isEmpty()) {
                return Outcome.KNOWN;
            }
            Optional<List<PhonebookDirectory.NumberState>> states = phonebook.states(tenant, unknown);
            if (states.isEmpty()) {
                return Outcome.UNAVAILABLE;
            }
            if (!store(tenant, position, unknown, states.get())) {
                return Outcome.OVERTAKEN;
            }
        }
    }

    /**
     * Stores the answers unless another reading of the feed moved on meanwhile (a change read
     * since may be newer than these answers): the tenant's row, held for share, keeps it from
     * moving until they are in.
     */
    private boolean store(UUID tenant, long position, List<String> asked, List<PhonebookDirectory.NumberState> states) {
        Map<String, PhonebookDirectory.NumberState> byNumber = new HashMap<>();
        states.forEach(state -> byNumber.putIfAbsent(state.number(), state));
        String[] numbers = asked.toArray(String[]::new);
        String[] normalized = new String[numbers.length];
        String[] names = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            // A number the phone book left out of its answer is one it cannot match.
            PhonebookDirectory.NumberState state = byNumber.get(numbers[i]);
            if (state != null) {
                normalized[i] = state.normalized();
                names[i] = state.name();
            }
        }
        Boolean stored = transaction.execute(status -> {
            Long now = tenants.phonebookPositionHeld(tenant);
            if ((now == null ? -1 : now) != position) {
                return false;
            }
            matches.store(tenant, numbers, normalized, names);
            return true;
        });
        return Boolean.TRUE.equals(stored);
    }
}
