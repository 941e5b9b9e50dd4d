package com.crmtelephony.cdr.phonebook;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.crmtelephony.cdr.call.NumberForms;
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

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PhonebookDirectory phonebook;

    NumberMatches(JdbcTemplate jdbc, TransactionTemplate transaction, PhonebookDirectory phonebook) {
        this.jdbc = jdbc;
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
                jdbc.update("delete from number_match where tenant_id = ?", tenant);
            } else if (!changes.numbers().isEmpty()) {
                jdbc.update("delete from number_match where tenant_id = ? and normalized = any(?::text[])", tenant,
                        changes.numbers().toArray(String[]::new));
            }
            // Two reports reading at once: the feed never goes back.
            jdbc.update("update tenant set phonebook_position = greatest(phonebook_position, ?) where id = ?",
                    changes.position(), tenant);
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
        if (jdbc.queryForList("select 1 from tenant where id = ?", tenant).isEmpty()) {
            return Set.of(digits); // no call of its own to match, and nothing to ask the phone book
        }
        jdbc.queryForList("select call_aggregates_fold(?)", tenant);
        Optional<List<PhonebookDirectory.NumberState>> asked = followChanges(tenant) && askAboutUnknown(tenant)
                ? phonebook.states(tenant, List.of(digits)) : Optional.empty();
        if (asked.isEmpty()) {
            throw new DependencyUnavailableException("phonebook-service (it matches a number's forms)", null);
        }
        Set<String> forms = new LinkedHashSet<>(List.of(digits));
        asked.get().stream().map(PhonebookDirectory.NumberState::normalized).filter(Objects::nonNull).findFirst()
                .ifPresent(key -> forms.addAll(jdbc.queryForList(
                        "select number from number_match where tenant_id = ? and normalized = ?", String.class, tenant, key)));
        return forms;
    }

    private enum Outcome { KNOWN, UNAVAILABLE, OVERTAKEN }

    private Long position(UUID tenant) {
        return jdbc.queryForObject("select phonebook_position from tenant where id = ?", Long.class, tenant);
    }

    private Outcome ask(UUID tenant, long position) {
        while (true) {
            List<String> unknown = jdbc.queryForList("select n.number from call_number n where n.tenant_id = ?"
                    + " and not exists (select 1 from number_match m where m.tenant_id = n.tenant_id and m.number = n.number)"
                    + " order by n.calls desc, n.number limit ?", String.class, tenant, ROUND);
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
            Long now = jdbc.queryForObject("select phonebook_position from tenant where id = ? for share", Long.class, tenant);
            if ((now == null ? -1 : now) != position) {
                return false;
            }
            jdbc.update("insert into number_match (tenant_id, number, normalized, name)"
                    + " select ?, number, normalized, name from unnest(?::text[], ?::text[], ?::text[]) as t(number, normalized, name)"
                    + " on conflict (tenant_id, number) do update set normalized = excluded.normalized, name = excluded.name",
                    tenant, numbers, normalized, names);
            return true;
        });
        return Boolean.TRUE.equals(stored);
    }
}
