package com.crmtelephony.cdr.live;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.crmtelephony.support.errors.BusyException;
import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.support.shares.Permits;
import com.crmtelephony.support.shares.TenantShares;

/**
 * The open streams of this instance, and what feeds them. Every instance listens on PostgreSQL
 * ({@code LISTEN call_event}): a write on any instance announces its tenants, and each instance
 * reads that tenant's new events once and sends them to its own streams of the tenant. A stream
 * resumes from the events kept in the table, so nothing between two connections is lost.
 */
@Component
public class LiveCalls implements SmartLifecycle, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(LiveCalls.class);
    private static final String CHANNEL = "call_event";
    private static final int BATCH = 500;

    private final CallEventRepository events;
    private final PhonebookDirectory phonebook;
    private final DataSource dataSource;
    private final LiveProperties properties;
    private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
    /** Per tenant with streams here: the newest event sent to them all. */
    private final Map<UUID, Long> positions = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final TenantShares shares;
    private final Permits tenantStreams = new Permits("streams", "event streams on this instance", 10);
    private final Permits keyStreams = new Permits("streams-per-key", "event streams of one API key on this instance", 10);
    private final JsonMapper json;
    private final ApplicationEventPublisher announcements;
    private final int cap;
    private volatile boolean running;
    private volatile Thread listener;
    private volatile MeterRegistry registry;
    /** Tenants whose streams are counted apart (the tenants' dashboard): those that opened one here. */
    private final Set<UUID> metered = ConcurrentHashMap.newKeySet();
    private final AtomicLong checks = new AtomicLong();
    private volatile ExecutorService senders;

    LiveCalls(CallEventRepository events, PhonebookDirectory phonebook, DataSource dataSource, LiveProperties properties,
              TenantShares shares, JsonMapper json, ApplicationEventPublisher announcements) {
        this.events = events;
        this.announcements = announcements;
        this.phonebook = phonebook;
        this.dataSource = dataSource;
        this.properties = properties;
        this.shares = shares;
        this.json = json;
        this.cap = properties.streamCap(Runtime.getRuntime().maxMemory());
        log.info("Event streams: at most {} on this instance ({} of a {} MiB heap at {} KiB a stream, crm.live.max-streams {})",
                cap, properties.heapShare(), Runtime.getRuntime().maxMemory() >> 20, properties.streamBytes().toKilobytes(),
                properties.maxStreams());
        // Before start(): the web server may take a stream before this bean's phase starts.
        this.senders = newSenders();
    }

    /**
     * Opens a stream of the tenant's calls: first the events after {@code lastEventId} (none when
     * null), then each new one as it is stored.
     *
     * @throws BusyException (503, Retry-After) when this instance holds as many streams as it may
     */
    public SseEmitter open(UUID tenant, Long lastEventId) {
        return open(tenant, null, lastEventId);
    }

    /**
     * @param key the API key's name the stream is opened with (null: none), whose share it counts against too
     * @throws com.crmtelephony.support.shares.ShareExceededException 429 when the tenant, or its key,
     *         holds its share of streams ({@code crm.shares.defaults.streams}, {@code streams-per-key})
     */
    public SseEmitter open(UUID tenant, String key, Long lastEventId) {
        if (!running) {
            return leaving();
        }
        Permits.Permit ofTenant = tenantStreams.acquire(shares, tenant);
        Permits.Permit ofKey;
        try {
            ofKey = key == null ? () -> { } : keyStreams.acquire(tenant + "/" + key, shares.of("streams-per-key", tenant));
        } catch (RuntimeException e) {
            ofTenant.close();
            throw e;
        }
        if (open.incrementAndGet() > cap) {
            open.decrementAndGet();
            ofKey.close();
            ofTenant.close();
            throw new BusyException("This instance holds as many event streams as it may; try again shortly", 10);
        }
        meter(tenant);
        Stream stream = new Stream(tenant, emitter(properties.maxAge().toMillis()), () -> {
            ofKey.close();
            ofTenant.close();
        });
        stream.emitter.onCompletion(() -> close(stream));
        stream.emitter.onTimeout(stream.emitter::complete);
        stream.emitter.onError(e -> close(stream));
        boolean listed = false;
        try {
            positions.computeIfAbsent(tenant, events::latest);
            // Known to the listener before the replay is read: what commits meanwhile comes from
            // one or the other, and the stream sends each id once.
            synchronized (stream) {
                streams.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(stream);
                listed = true;
                stream.sent = lastEventId == null ? events.latest(tenant) : lastEventId;
                stream.send(SseEmitter.event().reconnectTime(1000).comment("calls of the tenant as they happen"), 64);
                if (lastEventId != null) {
                    replay(stream);
                }
            }
        } catch (RuntimeException e) {
            if (listed) {
                close(stream);
            } else {
                open.decrementAndGet();
                stream.permits.run();
            }
            throw e;
        }
        return stream.emitter;
    }

    /**
     * {@code crm.live.tenant.streams{tenant}}: a tenant's open streams on this instance, from its
     * first; as many series as tenants that opened a stream, each kept (at 0 when none is open).
     */
    private void meter(UUID tenant) {
        MeterRegistry meters = registry;
        if (meters != null && metered.add(tenant)) {
            Gauge.builder("crm.live.tenant.streams", streams, all -> all.getOrDefault(tenant, Set.of()).size())
                    .tag("tenant", tenant.toString()).description("Event streams of the tenant open on this instance")
                    .register(meters);
        }
    }

    /** The streams this instance takes at most: {@code crm.live.max-streams}, or fewer where the heap holds fewer. */
    public int streamCap() {
        return cap;
    }

    /** Open streams against this instance's cap: the alert rules' "streams near their cap". */
    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("crm.live.streams", open, AtomicInteger::get)
                .description("Event streams open on this instance").register(registry);
        Gauge.builder("crm.live.streams.cap", this, LiveCalls::streamCap)
                .description("Event streams this instance takes at most").register(registry);
    }

    /** A stream's emitter; tests put in one whose client does not read. */
    SseEmitter emitter(long timeoutMillis) {
        return new SseEmitter(timeoutMillis);
    }

    /**
     * How long a client waits before it opens its stream again, once this instance ends it on
     * shutdown: a second, and up to two more at random, so that its streams do not all come back
     * in the same instant. It comes back with its Last-Event-ID, to another instance.
     */
    static long retryMillis() {
        return 1_000 + java.util.concurrent.ThreadLocalRandom.current().nextLong(2_000);
    }

    private static SseEmitter.SseEventBuilder leavingEvent() {
        return SseEmitter.event().reconnectTime(retryMillis()).comment("this instance is stopping: open the stream again");
    }

    /**
     * A stream asked of an instance that is stopping (the registry still names it for a few
     * seconds): answered at once with only a {@code retry:}, so that the client opens it again,
     * with its Last-Event-ID, elsewhere. An EventSource gives up on an error status; it never
     * gives up on this.
     */
    private SseEmitter leaving() {
        SseEmitter leaving = emitter(5_000);
        try {
            leaving.send(leavingEvent());
            leaving.complete();
        } catch (IOException | IllegalStateException gone) {
            leaving.complete();
        }
        return leaving;
    }

    /** The ids of the tenant's events that name one of these numbers (the erasure's outbound step). */
    public List<Long> eventsNaming(UUID tenant, Collection<String> numbers) {
        return events.naming(tenant, numbers);
    }

    /** One event of the tenant as a stream sends it, with the other party's contact (for its webhooks). */
    public Optional<CallEvent> event(UUID tenant, long id) {
        return named(tenant, events.one(tenant, id)).stream().findFirst();
    }

    private void replay(Stream stream) {
        List<CallEventRepository.Read> missed = events.after(stream.tenant, stream.sent, properties.replayMax() + 1);
        List<Rendered> rendered = missed.size() > properties.replayMax() ? List.of() : rendered(named(stream.tenant, missed));
        long bytes = rendered.stream().mapToLong(r -> r.json().length() + 32L).sum();
        if (missed.size() > properties.replayMax() || bytes > properties.queueBytes().toBytes() / 2) {
            // Too far behind to catch up by events (or more than a stream may queue): the client
            // reloads the calls, then follows.
            stream.sent = events.latest(stream.tenant);
            stream.send(SseEmitter.event().name("reset").data(Map.of("reason",
                    "more events were missed than a stream replays: reload the calls (GET /cdr/get)")), 128);
            return;
        }
        for (Rendered event : rendered) {
            stream.send(event);
        }
    }

    private void close(Stream stream) {
        Set<Stream> ofTenant = streams.get(stream.tenant);
        if (ofTenant != null && ofTenant.remove(stream)) {
            open.decrementAndGet();
            stream.permits.run();
        }
    }

    /** An event as every stream sends it: its JSON written once, not once per stream. */
    private record Rendered(long id, String json) {
    }

    private List<Rendered> rendered(List<CallEvent> named) {
        List<Rendered> rendered = new ArrayList<>(named.size());
        for (CallEvent event : named) {
            rendered.add(new Rendered(event.id(), json.writeValueAsString(event)));
        }
        return rendered;
    }

    /** Open streams of this instance (a gauge for the operator, and for tests). */
    public int openStreams() {
        return open.get();
    }

    /** The tenant's new events, to its streams on this instance. */
    void dispatch(UUID tenant) {
        Set<Stream> ofTenant = streams.get(tenant);
        if (ofTenant == null || ofTenant.isEmpty()) {
            return;
        }
        List<CallEventRepository.Read> read;
        do {
            long position = positions.getOrDefault(tenant, 0L);
            read = events.after(tenant, position, BATCH);
            List<Rendered> rendered = rendered(named(tenant, read));
            for (Stream stream : ofTenant) {
                synchronized (stream) {
                    rendered.forEach(stream::send);
                }
            }
            if (!read.isEmpty()) {
                positions.put(tenant, read.get(read.size() - 1).event().id());
            }
        } while (read.size() == BATCH);
    }

    /** The events with their other party's contact; numbers nobody asked the phone book about yet are asked now, at once. */
    private List<CallEvent> named(UUID tenant, List<CallEventRepository.Read> read) {
        Set<String> unknown = new HashSet<>();
        for (CallEventRepository.Read r : read) {
            if (!r.known() && r.event().otherParty().number() != null) {
                unknown.add(r.event().otherParty().number());
            }
        }
        Map<String, String> names = unknown.isEmpty() ? Map.of()
                : phonebook.names(tenant, new ArrayList<>(unknown)).orElse(Map.of());
        List<CallEvent> named = new ArrayList<>(read.size());
        for (CallEventRepository.Read r : read) {
            CallEvent e = r.event();
            String name = r.known() ? null : names.get(e.otherParty().number());
            named.add(name == null ? e : new CallEvent(e.id(), e.state(), e.call(),
                    new CallEvent.OtherParty(e.otherParty().number(), new CallEvent.Contact(name)), e.at()));
        }
        return named;
    }

    private void heartbeat() {
        for (Set<Stream> ofTenant : streams.values()) {
            for (Stream stream : ofTenant) {
                synchronized (stream) {
                    stream.send(SseEmitter.event().comment("heartbeat"), 16);
                }
            }
        }
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection connection = listenerConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                backoff = 500;
                // Whatever was stored while this instance did not listen.
                streams.keySet().forEach(this::dispatchSafely);
                PGConnection pg = connection.unwrap(PGConnection.class);
                long nextBeat = System.nanoTime() + properties.heartbeat().toNanos();
                long nextCheck = System.nanoTime() + properties.listenCheck().toNanos();
                while (running) {
                    long wait = Math.max(1, (Math.min(nextBeat, nextCheck) - System.nanoTime()) / 1_000_000);
                    PGNotification[] notifications = pg.getNotifications((int) Math.min(wait, Integer.MAX_VALUE));
                    Set<UUID> tenants = new HashSet<>();
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            tenants.add(UUID.fromString(n.getParameter()));
                        }
                        announce(tenants);
                    }
                    tenants.retainAll(streams.keySet());
                    tenants.forEach(this::dispatchSafely);
                    if (System.nanoTime() - nextBeat >= 0) {
                        heartbeat();
                        nextBeat = System.nanoTime() + properties.heartbeat().toNanos();
                    }
                    if (System.nanoTime() - nextCheck >= 0) {
                        // A half-open connection gets no notification and says nothing: asked, it
                        // does not answer within the socket timeout, and is replaced.
                        statement.execute("select 1");
                        checks.incrementAndGet();
                        nextCheck = System.nanoTime() + properties.listenCheck().toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Listening for call events failed ({}); again in {} ms", e.getMessage(), backoff);
                heartbeat(); // the streams stay open meanwhile, and say so
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void announce(Set<UUID> tenants) {
        try {
            announcements.publishEvent(new CallEventsAnnounced(Set.copyOf(tenants)));
        } catch (RuntimeException e) {
            // A listener's failure is its own: the streams are still fed.
            log.warn("Announcing stored call events failed: {}", e.getMessage());
        }
    }

    private void dispatchSafely(UUID tenant) {
        try {
            dispatch(tenant);
        } catch (RuntimeException e) {
            // The events stay stored: the next announcement, or the next connection, sends them.
            log.warn("Call events of tenant {} could not be read: {}", tenant, e.getMessage());
        }
    }

    /**
     * A connection of its own, outside the pool: it waits on notifications for as long as the
     * instance runs. On {@code crm.live.listen-url} when set (PostgreSQL itself, past a
     * transaction-mode pooler), else on the pool's URL; the pool's user and password. TCP
     * keepalive, and a socket timeout so that a check on a half-open connection fails.
     */
    private Connection listenerConnection() throws SQLException {
        Properties settings = new Properties();
        String url = properties.listenUrl();
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            settings.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                settings.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                settings.setProperty("password", hikari.getPassword());
            }
            url = url != null ? url : hikari.getJdbcUrl();
        } else if (url == null) {
            return dataSource.getConnection();
        }
        settings.setProperty("tcpKeepAlive", "true");
        settings.setProperty("socketTimeout", Long.toString(Math.max(1, properties.listenTimeout().toSeconds())));
        settings.setProperty("ApplicationName", "cdr-service live-calls LISTEN");
        return DriverManager.getConnection(url, settings);
    }

    /** How often the LISTEN connection answered its check (a test's and an operator's sign of life). */
    public long listenChecks() {
        return checks.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events older than {@code crm.live.keep} go; any instance may do it, the others then find nothing. */
    @Scheduled(fixedDelayString = "${crm.live.clean-every:PT10M}", initialDelayString = "${crm.live.clean-every:PT10M}")
    void forget() {
        int removed = events.deleteOlderThan(properties.keep());
        if (removed > 0) {
            log.info("Forgot {} call events older than {}", removed, properties.keep());
        }
    }

    @Override
    public void start() {
        if (senders.isShutdown()) {
            senders = newSenders();
        }
        running = true;
        listener = new Thread(this::listen, "live-calls");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * On shutdown, before the web server's drain (which would wait on open streams until its
     * timeout): every stream gets what was queued for it, then a {@code retry:} hint, and ends;
     * its client comes back with its Last-Event-ID to another instance. Streams asked for from
     * now on get the hint alone.
     */
    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
        for (Set<Stream> ofTenant : streams.values()) {
            for (Stream stream : ofTenant) {
                synchronized (stream) {
                    stream.end(leavingEvent());
                }
            }
        }
        senders.shutdown();
        try {
            // A client that does not read holds its sender for the write timeout: not this long.
            if (!senders.awaitTermination(2, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Set<Stream> ofTenant : streams.values()) {
            ofTenant.forEach(stream -> stream.emitter.complete());
        }
    }

    private ExecutorService newSenders() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread t = new Thread(r, "live-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * One client's stream. What it is to send waits in its own queue, in order, and a sender
     * thread writes it: a client that stops reading holds up one sender for the container's write
     * timeout, never the listener or another tenant's streams. One that falls {@code crm.live.queue}
     * events, or {@code crm.live.queue-bytes} bytes, behind is ended; it resumes with its
     * Last-Event-ID.
     */
    private final class Stream {

        final UUID tenant;
        final SseEmitter emitter;
        /** Gives the tenant's and the key's shares back, once. */
        final Runnable permits;
        /** The newest event id queued (guarded by this). */
        long sent;
        private final ArrayDeque<SseEmitter.SseEventBuilder> queue = new ArrayDeque<>();
        private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
        private long queuedBytes;
        private boolean draining;
        private boolean ending;

        Stream(UUID tenant, SseEmitter emitter, Runnable permits) {
            this.tenant = tenant;
            this.emitter = emitter;
            java.util.concurrent.atomic.AtomicBoolean given = new java.util.concurrent.atomic.AtomicBoolean();
            this.permits = () -> {
                if (given.compareAndSet(false, true)) {
                    permits.run();
                }
            };
        }

        /** Queues the event unless this stream has had it; the caller holds the stream's lock. */
        void send(Rendered event) {
            if (event.id() > sent) {
                send(SseEmitter.event().id(Long.toString(event.id())).name("call").data(event.json(), MediaType.APPLICATION_JSON),
                        event.json().length() + 32);
                sent = event.id();
            }
        }

        /** Queues a last event after what is queued, then the stream ends; the caller holds the stream's lock. */
        void end(SseEmitter.SseEventBuilder last) {
            if (ending) {
                return;
            }
            queue.add(last);
            sizes.add(64);
            queuedBytes += 64;
            ending = true;
            if (!draining) {
                draining = true;
                senders.execute(this::drain);
            }
        }

        /** Queues it, about {@code bytes} long; the caller holds the stream's lock. */
        void send(SseEmitter.SseEventBuilder event, int bytes) {
            if (ending) {
                return;
            }
            if (queue.size() >= properties.queue() || queuedBytes + bytes > properties.queueBytes().toBytes()) {
                // Not reading: it resumes from the stored events when it comes back.
                ending = true;
                queue.clear();
                sizes.clear();
                queuedBytes = 0;
                close(this);
            } else {
                queue.add(event);
                sizes.add(bytes);
                queuedBytes += bytes;
            }
            if (!draining) {
                draining = true;
                senders.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                SseEmitter.SseEventBuilder next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null) {
                        draining = false;
                        if (ending) {
                            emitter.complete();
                        }
                        return;
                    }
                    queuedBytes -= sizes.poll();
                }
                try {
                    emitter.send(next);
                } catch (IOException | IllegalStateException gone) {
                    // The client went away (or the stream ended): it resumes from its last id if it comes back.
                    synchronized (this) {
                        ending = true;
                        queue.clear();
                        sizes.clear();
                        queuedBytes = 0;
                        draining = false;
                    }
                    close(this);
                    return;
                }
            }
        }
    }
}
