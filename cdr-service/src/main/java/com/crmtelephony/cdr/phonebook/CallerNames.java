package com.crmtelephony.cdr.phonebook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.crmtelephony.cdr.call.CallService;
import com.crmtelephony.cdr.call.UnnamedCallsStored;

/**
 * Names for calls stored without one. The numbers of the batches stored (the PBX's webhook
 * events, forwarded in batches, and posted calls) are gathered for a moment and looked up in one
 * phone book request per tenant, then written where the calls still have no name: storing never
 * waits on the phone book, and while it is down the calls stay unnamed until the next sync, which
 * names what is missing ({@link #fillMissing}). So is what comes in faster than it can be looked
 * up: at most {@value #MAX_PENDING} numbers wait. What a number's name
 * is, or that it has none, is remembered briefly, so the four events of one call ask once. A
 * name once stored stays: a call record tells who called as the phone book knew it then.
 */
@Component
public class CallerNames {

    private static final Logger log = LoggerFactory.getLogger(CallerNames.class);
    private static final int MAX_REMEMBERED = 10_000;
    static final int MAX_PENDING = 1_000;

    private record Caller(UUID tenant, String number) {
    }

    /** {@code name} null: the phone book knows no contact for the number. */
    private record Known(String name, Instant until) {
    }

    private final PhonebookDirectory phonebook;
    private final CallService calls;
    private final Clock clock;
    private final Duration remember;
    private final Queue<UnnamedCallsStored> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingNumbers = new AtomicInteger();
    private final Map<Caller, Known> known = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    private final Duration fillDelay;
    private final AtomicBoolean fillAsked = new AtomicBoolean();

    CallerNames(PhonebookDirectory phonebook, CallService calls, Clock clock, TaskScheduler scheduler,
                @Value("${crm.cdr.names.remember:60s}") Duration remember,
                @Value("${crm.cdr.names.fill-delay:PT0.5S}") Duration fillDelay) {
        this.phonebook = phonebook;
        this.calls = calls;
        this.clock = clock;
        this.scheduler = scheduler;
        this.remember = remember;
        this.fillDelay = fillDelay;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(UnnamedCallsStored calls) {
        if (pendingNumbers.addAndGet(calls.callerNumbers().size()) <= MAX_PENDING) {
            pending.add(calls);
            // A round fill-delay after the first batch gathers those that follow; none is asked at rest.
            if (fillAsked.compareAndSet(false, true)) {
                // On the scheduler's own time: the injected clock may be a test's, standing still.
                scheduler.schedule(this::fillRound, Instant.now().plus(fillDelay));
            }
        } else {
            pendingNumbers.addAndGet(-calls.callerNumbers().size()); // the next sync names them
        }
    }

    private void fillRound() {
        // Before the round: a batch stored during it asks for the next.
        fillAsked.set(false);
        try {
            fillPending();
        } catch (RuntimeException e) {
            log.warn("Naming stored calls from the phone book failed (the next sync names them): {}", e.getMessage());
        }
    }

    /** Whatever webhooks stored since the last round: one lookup per tenant, of the numbers not known. */
    public void fillPending() {
        Map<UUID, Set<String>> byTenant = new LinkedHashMap<>();
        for (UnnamedCallsStored calls; (calls = pending.poll()) != null; ) {
            pendingNumbers.addAndGet(-calls.callerNumbers().size());
            byTenant.computeIfAbsent(calls.tenant(), t -> new LinkedHashSet<>()).addAll(calls.callerNumbers());
        }
        byTenant.forEach(this::fill);
        if (known.size() > MAX_REMEMBERED) {
            known.clear();
        }
    }

    private void fill(UUID tenant, Set<String> numbers) {
        Instant now = clock.instant();
        Map<String, String> names = new HashMap<>();
        List<String> ask = new ArrayList<>();
        for (String number : numbers) {
            Known k = known.get(new Caller(tenant, number));
            if (k == null || !now.isBefore(k.until())) {
                ask.add(number);
            } else if (k.name() != null) {
                names.put(number, k.name());
            }
        }
        if (!ask.isEmpty()) {
            Optional<Map<String, String>> found = phonebook.names(tenant, ask);
            if (found.isEmpty()) {
                return; // the phone book is down: the next sync names them
            }
            for (String number : ask) {
                String name = found.get().get(number);
                known.put(new Caller(tenant, number), new Known(name, now.plus(remember)));
                if (name != null) {
                    names.put(number, name);
                }
            }
        }
        int named = calls.fillCallerNames(tenant, names);
        if (named > 0) {
            log.debug("Tenant {}: {} calls named from the phone book", tenant, named);
        }
    }

    /**
     * Names what the tenant's calls miss, up to {@code limit} numbers, most calls first: calls
     * that came before their contact was imported.
     *
     * @return how many calls got a name (0 too while the phone book is down)
     */
    public int fillMissing(UUID tenant, int limit) {
        List<String> numbers = calls.unnamedCallerNumbers(tenant, limit);
        Map<String, String> found = phonebook.names(tenant, numbers).orElse(Map.of());
        return found.isEmpty() ? 0 : calls.fillCallerNames(tenant, found);
    }
}
