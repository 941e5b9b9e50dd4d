package com.crmtelephony.pbx.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

import com.crmtelephony.pbx.PbxIntegrationProperties;

/**
 * Where a verified webhook event is kept until cdr-service has it. {@link #store} returns once the
 * event is committed, so the PBX's 2xx means it survives any crash from then on. Webhooks arriving
 * together are written by one thread in one statement and one commit (a group commit): the
 * disk's flush is paid per batch, not per webhook.
 */
@Component
public class Inbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** What became of an event offered to the inbox. */
    public enum Stored { NEW, DUPLICATE }

    private record Delivery(InboxEvent event, CompletableFuture<Stored> stored) {
    }

    /** Queued by {@link #stop}: the writer, waiting for work, wakes and sees it is to end. */
    private static final Delivery STOP = new Delivery(null, null);

    private final InboxRepository events;
    private final Forwarder forwarder;
    private final InboxProperties properties;
    private final BlockingQueue<Delivery> queue;
    private volatile boolean running;
    private Thread writer;

    Inbox(InboxRepository events, Forwarder forwarder, InboxProperties properties, PbxIntegrationProperties pbx) {
        if (properties.retention().compareTo(pbx.signatureTolerance().multipliedBy(2)) < 0) {
            // A webhook may be replayed as long as its timestamp is accepted: its id must be kept longer.
            throw new IllegalStateException("crm.pbx.inbox.retention (" + properties.retention()
                    + ") must be at least twice crm.pbx.signature-tolerance (" + pbx.signatureTolerance() + ")");
        }
        this.events = events;
        this.forwarder = forwarder;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    }

    /**
     * @return whether the event is new, or was stored before (a redelivery: nothing more to do)
     * @throws DataAccessResourceFailureException when it could not be stored in time (the database
     *                                            is down, or the service is stopping): 503, the PBX delivers again
     */
    public Stored store(InboxEvent event) {
        CompletableFuture<Stored> stored = new CompletableFuture<>();
        if (!running || !queue.offer(new Delivery(event, stored))) {
            throw new DataAccessResourceFailureException(running ? "The inbox is full" : "The inbox is stopping");
        }
        try {
            return stored.get(properties.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DataAccessException failure ? failure
                    : new DataAccessResourceFailureException("The inbox could not store the event", e.getCause());
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("The inbox could not store the event in "
                    + properties.storeTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("Interrupted while storing the event", e);
        }
    }

    private void write() {
        List<Delivery> batch = new ArrayList<>(properties.writeBatch());
        while (running || !queue.isEmpty()) {
            try {
                // Waits for work without waking at rest (bench/RESULTS.md 15.).
                Delivery first = queue.take();
                batch.add(first);
                queue.drainTo(batch, properties.writeBatch() - 1);
                batch.removeIf(d -> d == STOP);
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Delivery> batch) {
        // The same event twice in one batch is stored once; the later copy is its redelivery.
        Map<InboxEvent.Key, InboxEvent> distinct = new LinkedHashMap<>();
        batch.forEach(d -> distinct.putIfAbsent(d.event().key(), d.event()));
        try {
            Set<InboxEvent.Key> added = events.insert(List.copyOf(distinct.values()));
            boolean anyNew = !added.isEmpty();
            for (Delivery d : batch) {
                d.stored().complete(added.remove(d.event().key()) ? Stored.NEW : Stored.DUPLICATE);
            }
            if (anyNew) {
                forwarder.wake(); // redeliveries alone give it nothing to send
            }
        } catch (RuntimeException e) {
            log.warn("Could not store {} webhook events: {}", batch.size(), e.getMessage());
            batch.forEach(d -> d.stored().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::write, "inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** What is queued is still written (or failed) before the database goes: none is left without an answer. */
    @Override
    public void stop() {
        running = false;
        // A full queue has no room for it, and needs none: the writer is busy and ends once it is empty.
        queue.offer(STOP);
        try {
            writer.join(properties.storeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Delivery d; (d = queue.poll()) != null; ) {
            if (d != STOP) {
                d.stored().completeExceptionally(new DataAccessResourceFailureException("The inbox is stopping"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the web server has drained its requests (which may be storing), before it stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
