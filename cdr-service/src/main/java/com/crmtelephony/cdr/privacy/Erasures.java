package com.crmtelephony.cdr.privacy;

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

import org.springframework.beans.factory.ObjectProvider;
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
import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSteps;
import com.crmtelephony.support.privacy.ErasureSubject;
import com.crmtelephony.support.token.ServiceTokens;

/**
 * Erases a person from a tenant's data in every service: the phone book's contacts with the
 * number or address (phonebook-service), then this service's {@link ErasureStep}s, one per module
 * that keeps numbers (the calls, whose numbers become a stable pseudonym so that every count
 * stays right, the report's per-number totals, pending webhooks, live events, matches and
 * called-back marks), then the kept PBX webhooks that name them (pbx-integration-service). Each
 * step is idempotent; the receipt records how far it got, and the same request again finishes it.
 */
@Service
@ImportHttpServices(group = "phonebook-service", types = ErasureClients.Phonebook.class)
@ImportHttpServices(group = "pbx-integration-service", types = ErasureClients.Pbx.class)
class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final ErasureRepository receipts;
    private final ErasureSteps steps;
    private final TransactionTemplate transaction;
    private final ErasedNumbers erased;
    private final NumberForms forms;
    private final ErasureClients.Phonebook phonebook;
    private final ErasureClients.Pbx pbx;
    private final RemoteCalls remote;

    Erasures(ErasureRepository receipts, ObjectProvider<ErasureStep> steps, TransactionTemplate transaction,
             ErasedNumbers erased, NumberForms forms, ErasureClients.Phonebook phonebook, ErasureClients.Pbx pbx,
             RemoteCalls remote) {
        this.receipts = receipts;
        this.steps = new ErasureSteps(steps);
        this.transaction = transaction;
        this.erased = erased;
        this.forms = forms;
        this.phonebook = phonebook;
        this.pbx = pbx;
        this.remote = remote;
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
        boolean created = receipts.open(tenant, subjectKey, subject.kind(), requestedBy);
        UUID id = receipts.idOf(tenant, subjectKey);
        ErasureReceipt before = receipts.find(tenant, id).orElseThrow();
        if (before.completedAt() != null) {
            return new Outcome(before, created);
        }
        Map<String, Object> done = new LinkedHashMap<>();
        Set<String> numbers = new LinkedHashSet<>();
        if (subject.kind().equals("number")) {
            numbers.add(value);
        }
        String step = "phonebook-service";
        try {
            // The other services' parts are cdr-service's to ask, with its own token: no caller's reaches them.
            ErasureClients.Phonebook.Erased contacts = ServiceTokens.asThisService(() -> remote.call("phonebook-service",
                    () -> phonebook.erase(tenant, Map.of(subject.kind(), value))));
            done.put("contacts", contacts.contacts());
            numbers.addAll(contacts.numbers());

            step = "calls";
            Set<String> allForms = new LinkedHashSet<>();
            List<String> pseudonyms = new ArrayList<>();
            Map<String, Long> counted = new LinkedHashMap<>(Map.of("calls", 0L));
            for (String numberKey : keysOf(tenant, numbers)) {
                String pseudonym = erased.pseudonym(tenant, numberKey);
                pseudonyms.add(pseudonym);
                ErasureSubject person = ErasureSubject.number(tenant, numberKey, forms.of(tenant, numberKey), pseudonym);
                runSteps(person).forEach((name, n) -> counted.merge(name, n, Long::sum));
                allForms.addAll(person.numbers());
            }
            done.putAll(counted);

            step = "pbx-integration-service";
            if (!allForms.isEmpty()) {
                ErasureClients.Pbx.Erased webhooks = ServiceTokens.asThisService(() -> remote.call("pbx-integration-service",
                        () -> pbx.erase(tenant, new ErasureClients.Pbx.Numbers(List.copyOf(allForms)))));
                done.put("webhooks", webhooks.webhooks());
                done.put("webhooksPending", webhooks.pending());
            }
            receipts.complete(id, done, pseudonyms);
        } catch (HttpClientErrorException.BadRequest e) {
            // The phone book found the number no number: nothing was done anywhere.
            if (created) {
                receipts.delete(id);
            }
            throw new InvalidInputException("number is not a phone number the phone book can match");
        } catch (DependencyUnavailableException | RestClientResponseException e) {
            // Any answer but that one (a 4xx of a service's own rules, a 5xx) leaves the receipt
            // incomplete, and the same request finishes it: never a 500, never stuck.
            done.put("failedAt", step);
            receipts.stopped(id, done);
            log.warn("Erasure {} of tenant {} stopped at {}: {}", id, tenant, step, e.getMessage());
            throw new ErasureIncompleteException(id, step, e);
        }
        return new Outcome(receipts.find(tenant, id).orElseThrow(), created);
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
     * One person's number, in all its forms, out of every module's tables, in one transaction that
     * holds the tenant's erasures' lock: no store commits in between.
     */
    private Map<String, Long> runSteps(ErasureSubject person) {
        return transaction.execute(status -> {
            erased.lockForErasure(person.tenant());
            return steps.run(person);
        });
    }

    Optional<ErasureReceipt> find(UUID tenant, UUID id) {
        return receipts.find(tenant, id);
    }
}
