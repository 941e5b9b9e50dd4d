package com.crmtelephony.cdr.privacy;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.cdr.call.ErasedNumbers;
import com.crmtelephony.cdr.call.NumberForms;
import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.support.numbers.PhoneNumbers;
import com.crmtelephony.support.remote.RemoteCalls;
import com.crmtelephony.support.token.ServiceTokens;

/**
 * Erases a person from a tenant's data in every service: the phone book's contacts with the
 * number or address (phonebook-service), the calls, whose numbers become a stable pseudonym so
 * that every count stays right, with the live events, pending webhooks and names of those
 * numbers (here), and the kept PBX webhooks that name them (pbx-integration-service). Each step
 * is idempotent; the receipt records how far it got, and the same request again finishes it.
 */
@Service
@ImportHttpServices(group = "phonebook-service", types = ErasureClients.Phonebook.class)
@ImportHttpServices(group = "pbx-integration-service", types = ErasureClients.Pbx.class)
class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ErasedNumbers erased;
    private final NumberForms forms;
    private final ErasureClients.Phonebook phonebook;
    private final ErasureClients.Pbx pbx;
    private final RemoteCalls remote;
    private final JsonMapper json;

    Erasures(JdbcTemplate jdbc, TransactionTemplate transaction, ErasedNumbers erased, NumberForms forms,
             ErasureClients.Phonebook phonebook, ErasureClients.Pbx pbx, RemoteCalls remote, JsonMapper json) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.erased = erased;
        this.forms = forms;
        this.phonebook = phonebook;
        this.pbx = pbx;
        this.remote = remote;
        this.json = json;
    }

    /** @param created whether this request made the receipt (false: the same erasure was asked before) */
    record Outcome(ErasureReceipt receipt, boolean created) {
    }

    Outcome erase(UUID tenant, ErasureRequest.Subject subject, String requestedBy) {
        // A number is erased under the phone book's key: every written form is one erasure, one receipt.
        String value = subject.kind().equals("number")
                ? erased.numberKey(tenant, subject.value()).orElseThrow(
                        () -> new InvalidInputException("number " + PhoneNumbers.WHAT_IS_A_NUMBER))
                : subject.value();
        String subjectKey = erased.key(tenant, subject.kind() + ":" + value);
        boolean created = jdbc.update("insert into erasure (id, tenant_id, subject_key, kind, requested_by) values (?, ?, ?, ?, ?)"
                + " on conflict (tenant_id, subject_key) do nothing", UUID.randomUUID(), tenant, subjectKey, subject.kind(),
                requestedBy) == 1;
        UUID id = jdbc.queryForObject("select id from erasure where tenant_id = ? and subject_key = ?", UUID.class, tenant,
                subjectKey);
        ErasureReceipt before = find(tenant, id).orElseThrow();
        if (before.completedAt() != null) {
            return new Outcome(before, created);
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        Set<String> numbers = new LinkedHashSet<>();
        if (subject.kind().equals("number")) {
            numbers.add(value);
        }
        String step = "phonebook-service";
        try {
            // The other services' parts are cdr-service's to ask, with its own token: no caller's reaches them.
            ErasureClients.Phonebook.Erased contacts = ServiceTokens.asThisService(() -> remote.call("phonebook-service",
                    () -> phonebook.erase(tenant, Map.of(subject.kind(), value))));
            steps.put("contacts", contacts.contacts());
            numbers.addAll(contacts.numbers());

            step = "calls";
            Set<String> allForms = new LinkedHashSet<>();
            List<String> pseudonyms = new ArrayList<>();
            long calls = 0;
            for (String numberKey : keysOf(tenant, numbers)) {
                Set<String> known = forms.of(tenant, numberKey);
                String pseudonym = erased.pseudonym(tenant, numberKey);
                pseudonyms.add(pseudonym);
                ErasedNumbers.Pseudonymised done = pseudonymise(tenant, numberKey, known, pseudonym);
                allForms.addAll(done.forms());
                calls += done.calls();
            }
            steps.put("calls", calls);

            step = "pbx-integration-service";
            if (!allForms.isEmpty()) {
                ErasureClients.Pbx.Erased webhooks = ServiceTokens.asThisService(() -> remote.call("pbx-integration-service",
                        () -> pbx.erase(tenant, new ErasureClients.Pbx.Numbers(List.copyOf(allForms)))));
                steps.put("webhooks", webhooks.webhooks());
                steps.put("webhooksPending", webhooks.pending());
            }
            jdbc.update(connection -> {
                PreparedStatement ps = connection.prepareStatement(
                        "update erasure set completed_at = now(), steps = ?::jsonb, pseudonyms = ? where id = ?");
                ps.setString(1, json.writeValueAsString(steps));
                ps.setArray(2, connection.createArrayOf("text", pseudonyms.toArray()));
                ps.setObject(3, id);
                return ps;
            });
        } catch (HttpClientErrorException.BadRequest e) {
            // The phone book found the number no number: nothing was done anywhere.
            if (created) {
                jdbc.update("delete from erasure where id = ?", id);
            }
            throw new InvalidInputException("number is not a phone number the phone book can match");
        } catch (DependencyUnavailableException | RestClientResponseException e) {
            // Any answer but that one (a 4xx of a service's own rules, a 5xx) leaves the receipt
            // incomplete, and the same request finishes it: never a 500, never stuck.
            steps.put("failedAt", step);
            jdbc.update("update erasure set steps = ?::jsonb where id = ?", json.writeValueAsString(steps), id);
            log.warn("Erasure {} of tenant {} stopped at {}: {}", id, tenant, step, e.getMessage());
            throw new ErasureIncompleteException(id, step, e);
        }
        return new Outcome(find(tenant, id).orElseThrow(), created);
    }

    /** The distinct phone-book keys of the numbers to erase (the phone book answers its keys; a raw one is keyed here). */
    private Set<String> keysOf(UUID tenant, Set<String> numbers) {
        Set<String> keys = new LinkedHashSet<>();
        for (String number : numbers) {
            keys.add(erased.numberKey(tenant, number).orElse(number));
        }
        return keys;
    }

    /**
     * One person's number, in all its forms, out of the tenant's calls and what hangs on them, in
     * one transaction that holds the tenant's erasures' lock: no store commits in between.
     */
    private ErasedNumbers.Pseudonymised pseudonymise(UUID tenant, String numberKey, Set<String> known, String pseudonym) {
        return transaction.execute(status -> {
            erased.lockForErasure(tenant);
            ErasedNumbers.Pseudonymised done = erased.erase(tenant, numberKey, known, pseudonym);
            Set<String> person = done.forms();
            withForms(tenant, person, """
                    delete from webhook_delivery where state = 'pending' and event_id in (
                        select id from call_event where tenant_id = ? and (caller_number = any(?) or destination_number = any(?)))""");
            withForms(tenant, person,
                    "delete from call_event where tenant_id = ? and (caller_number = any(?) or destination_number = any(?))");
            withForms(tenant, person, "delete from number_match where tenant_id = ? and (number = any(?) or normalized = any(?))");
            withForms(tenant, person, "delete from follow_up_done where tenant_id = ? and key = any(?)");
            return done;
        });
    }

    /** Runs a statement whose parameters are (tenant, forms, forms...). */
    private int withForms(UUID tenant, Set<String> forms, String sql) {
        return jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement(sql);
            int i = 1;
            ps.setObject(i++, tenant);
            Array array = connection.createArrayOf("text", forms.toArray());
            int count = ps.getParameterMetaData().getParameterCount();
            while (i <= count) {
                ps.setArray(i++, array);
            }
            return ps;
        });
    }

    Optional<ErasureReceipt> find(UUID tenant, UUID id) {
        return jdbc.query("select id, tenant_id, kind, requested_by, requested_at, completed_at, pseudonyms, steps::text"
                        + " from erasure where id = ? and tenant_id = ?",
                (rs, i) -> new ErasureReceipt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getTimestamp(6) == null ? ErasureReceipt.State.incomplete : ErasureReceipt.State.completed,
                        rs.getString(4), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        List.of((String[]) rs.getArray(7).getArray()),
                        json.readValue(rs.getString(8), Map.class)),
                id, tenant).stream().findFirst();
    }

}
