package com.crmtelephony.cdr.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.crmtelephony.cdr.tenant.TenantRepository;

@Service
public class CallService {

    private final CallRepository calls;
    private final ErasedNumbers erased;
    private final TenantRepository tenants;
    private final ApplicationEventPublisher events;

    public CallService(CallRepository calls, TenantRepository tenants, ApplicationEventPublisher events,
                       ErasedNumbers erased) {
        this.calls = calls;
        this.erased = erased;
        this.tenants = tenants;
        this.events = events;
    }

    /**
     * Stores validated calls atomically. Repeats of one uuid within the batch are applied in
     * order, one round per repeat, so a batch holding RING then HANGUP ends in HANGUP.
     */
    @Transactional
    public UpsertSummary upsert(UUID tenant, List<Call> batch) {
        // An erased person's number is stored as their pseudonym, whoever brings it again.
        return upsertAsIs(tenant, erased.pseudonymised(tenant, batch));
    }

    /** {@link #upsert} of a batch already pseudonymised. */
    private UpsertSummary upsertAsIs(UUID tenant, List<Call> batch) {
        tenants.ensure(tenant);
        int inserted = 0;
        int updated = 0;
        for (List<Call> round : rounds(batch)) {
            CallRepository.UpsertCounts counts = calls.upsertDistinct(tenant, round);
            inserted += counts.inserted();
            updated += counts.updated();
        }
        return new UpsertSummary(batch.size(), inserted, updated, batch.size() - inserted - updated, tenant);
    }

    /**
     * Calls as a client or the PBX's webhooks bring them: stored as {@link #upsert} does, then the
     * caller numbers that came without a name are announced ({@link UnnamedCallsStored}, after the
     * commit), so that their names are looked up apart from the request, one lookup for the whole
     * batch: storing never waits on the phone book.
     */
    @Transactional
    public UpsertSummary store(UUID tenant, List<Call> batch) {
        // Pseudonymised once, for both: nobody is asked for an erased person's name either.
        List<Call> pseudonymised = erased.pseudonymised(tenant, batch);
        UpsertSummary summary = upsertAsIs(tenant, pseudonymised);
        announceUnnamed(tenant, pseudonymised);
        return summary;
    }

    /** One call, stored as {@link #store} does; the call as stored after the merge. */
    @Transactional
    public Call storeOne(UUID tenant, Call call) {
        store(tenant, List.of(call));
        return calls.get(tenant, call.uuid());
    }

    private void announceUnnamed(UUID tenant, List<Call> batch) {
        Set<String> numbers = new LinkedHashSet<>();
        for (Call call : batch) {
            if (call.callerName() == null && call.callerNumber() != null) {
                numbers.add(call.callerNumber().digits());
            }
        }
        if (!numbers.isEmpty()) {
            events.publishEvent(new UnnamedCallsStored(tenant, numbers));
        }
    }

    /** @see CallRepository#fillCallerNames */
    @Transactional
    public int fillCallerNames(UUID tenant, Map<String, String> namesByNumber) {
        return calls.fillCallerNames(tenant, namesByNumber);
    }

    public List<String> unnamedCallerNumbers(UUID tenant, int limit) {
        return calls.unnamedCallerNumbers(tenant, limit);
    }

    /** A page by offset (compat page and size). */
    CallPage list(UUID tenant, CallFilter filter, int limit, int offset) {
        return calls.find(tenant, filter, limit, offset);
    }

    /** The page after a cursor (keyset). */
    CallPage listAfter(UUID tenant, CallFilter filter, CallCursor cursor, int limit) {
        return calls.findAfter(tenant, filter, cursor, limit);
    }

    /** All the tenant's calls that the filter takes, streamed (see {@link CallRepository#forEach}). */
    @Transactional(readOnly = true)
    public void forEach(UUID tenant, CallFilter filter, Consumer<Call> each) {
        calls.forEach(tenant, filter, each);
    }

    public long count(UUID tenant, CallFilter filter) {
        return calls.count(tenant, filter);
    }

    /** @return whether a call with that recording existed for the tenant */
    @Transactional
    public boolean deleteByRecording(UUID tenant, String recording) {
        return calls.deleteByRecording(tenant, recording) > 0;
    }

    static List<List<Call>> rounds(List<Call> batch) {
        List<List<Call>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Call call : batch) {
            int round = seen.merge(call.uuid(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(call);
        }
        return rounds;
    }
}
