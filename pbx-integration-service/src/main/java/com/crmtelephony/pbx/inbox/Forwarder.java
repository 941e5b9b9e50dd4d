package com.crmtelephony.pbx.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;

import com.crmtelephony.pbx.cdr.CdrClient;
import com.crmtelephony.support.web.ProblemResponses;

/**
 * Sends the inbox's events to cdr-service: per tenant, in arrival order, as many as are waiting
 * in one request. Sending a batch and marking it done happen in one transaction, which also
 * holds the tenant's lock: a crash between cdr-service's commit and this one only sends the
 * batch again, and cdr-service's upsert makes that harmless. While cdr-service (or the database)
 * fails, it waits longer after each failure, up to {@code backoff-max}, and nothing is dropped.
 * An event cdr-service refuses as such (400, 413 or 422) is set aside with its reason, so that
 * it does not hold up the tenant's later events; any other refusal (a token cdr-service does not
 * take, say) is cdr-service's failure and waits like one.
 */
@Component
class Forwarder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final Set<Integer> THE_EVENTS_FAULT = Set.of(400, 413, 422);

    /** What waits, as last seen, and the last failure to forward (null while forwarding works). */
    record State(InboxRepository.Backlog backlog, Instant seenAt, String failure, Instant failingSince) {
    }

    private final InboxRepository events;
    private final CdrClient cdr;
    private final TransactionTemplate transaction;
    private final InboxProperties properties;
    private final Clock clock;
    private final Timer delay;
    private final Counter forwarded;
    private final Counter rejected;
    private final Semaphore wake = new Semaphore(0);
    private volatile State state;
    private volatile boolean running;
    private Thread thread;

    Forwarder(InboxRepository events, CdrClient cdr, TransactionTemplate transaction, InboxProperties properties,
              Clock clock, MeterRegistry meters) {
        this.events = events;
        this.cdr = cdr;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.state = new State(InboxRepository.Backlog.EMPTY, null, null, null);
        this.delay = Timer.builder("pbx.inbox.delay").description("From a webhook stored to cdr-service having its call")
                .publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(meters);
        this.forwarded = meters.counter("pbx.inbox.forwarded");
        this.rejected = meters.counter("pbx.inbox.rejected");
        Gauge.builder("pbx.inbox.backlog", this, f -> f.state.backlog().events())
                .description("Events stored, not yet in cdr-service").register(meters);
        Gauge.builder("pbx.inbox.oldest.age", this, f -> f.oldestAge().toMillis() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest event not yet in cdr-service").register(meters);
    }

    State state() {
        return state;
    }

    Duration oldestAge() {
        Instant oldest = state.backlog().oldest();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
    }

    /** New events are stored: forward them now rather than at the next poll. */
    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        Duration backoff = properties.backoffInitial();
        while (running) {
            try {
                wake.drainPermits();
                seeBacklog();
                int sent = forwardAll();
                if (state.failure() != null) {
                    log.info("Forwarding to cdr-service works again");
                    state = new State(state.backlog(), state.seenAt(), null, null);
                }
                backoff = properties.backoffInitial();
                if (sent == 0) {
                    wake.tryAcquire(properties.poll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stopping: the batch's transaction rolled back
                }
                failed(e, backoff);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : doubled;
            }
        }
    }

    private void failed(RuntimeException e, Duration backoff) {
        State s = state;
        if (s.failure() == null) {
            log.warn("Cannot forward webhook events to cdr-service: {}; retrying with backoff", e.getMessage());
        } else {
            log.debug("Forwarding still fails: {}; next try in {} ms", e.getMessage(), backoff.toMillis());
        }
        state = new State(s.backlog(), s.seenAt(), e.getMessage(), s.failingSince() == null ? clock.instant() : s.failingSince());
    }

    /** The backlog for health and metrics, read at most once a second. */
    private void seeBacklog() {
        Instant now = clock.instant();
        State s = state;
        if (s.seenAt() == null || !now.isBefore(s.seenAt().plusSeconds(1))) {
            state = new State(events.backlog(), now, s.failure(), s.failingSince());
        }
    }

    /** One batch per tenant that has events waiting; how many events went. */
    int forwardAll() {
        int sent = 0;
        for (UUID tenant : events.tenantsWithPending()) {
            Integer n = transaction.execute(status -> forward(tenant));
            sent += n == null ? 0 : n;
        }
        return sent;
    }

    private int forward(UUID tenant) {
        if (!events.lockTenant(tenant)) {
            return 0; // another replica is forwarding this tenant's events
        }
        List<InboxRepository.Pending> batch = bounded(events.pending(tenant, properties.forwardBatch()));
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            cdr.upsertAll(tenant, array(batch));
            done(tenant, batch);
        } catch (HttpClientErrorException refused) {
            if (!THE_EVENTS_FAULT.contains(refused.getStatusCode().value())) {
                throw refused;
            }
            // Some event of the batch: each on its own, to keep the good ones and set aside the others.
            for (InboxRepository.Pending event : batch) {
                try {
                    cdr.upsertAll(tenant, array(List.of(event)));
                    done(tenant, List.of(event));
                } catch (HttpClientErrorException one) {
                    if (!THE_EVENTS_FAULT.contains(one.getStatusCode().value())) {
                        throw one;
                    }
                    String reason = ProblemResponses.reasonOf(one);
                    events.rejected(tenant, event.id(), reason);
                    rejected.increment();
                    log.warn("cdr-service refused webhook event {} of tenant {}: {}", event.id(), tenant, reason);
                }
            }
        }
        return batch.size();
    }

    private void done(UUID tenant, List<InboxRepository.Pending> batch) {
        events.forwarded(tenant, batch.stream().map(InboxRepository.Pending::id).toList());
        Instant now = clock.instant();
        batch.forEach(e -> delay.record(Duration.between(e.receivedAt(), now)));
        forwarded.increment(batch.size());
    }

    /** The oldest events up to the batch's size in bytes, at least one. */
    private List<InboxRepository.Pending> bounded(List<InboxRepository.Pending> pending) {
        long budget = properties.forwardBatchBytes().toBytes();
        List<InboxRepository.Pending> batch = new ArrayList<>(pending.size());
        for (InboxRepository.Pending event : pending) {
            budget -= event.body().length() + 1L;
            if (budget < 0 && !batch.isEmpty()) {
                break;
            }
            batch.add(event);
        }
        return batch;
    }

    /** The bodies are JSON objects already (checked when they came): the batch is their array. */
    private static String array(List<InboxRepository.Pending> batch) {
        StringBuilder json = new StringBuilder(batch.stream().mapToInt(e -> e.body().length() + 1).sum() + 2).append('[');
        for (int i = 0; i < batch.size(); i++) {
            json.append(i == 0 ? "" : ",").append(batch.get(i).body());
        }
        return json.append(']').toString();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "inbox-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped first: a batch it abandons goes again after the restart. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
