package com.crmtelephony.cdr.outbound;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.commons.util.IdUtils;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.crmtelephony.cdr.live.CallEvent;
import com.crmtelephony.cdr.live.CallEventsAnnounced;
import com.crmtelephony.cdr.live.LiveCalls;
import com.crmtelephony.support.shares.Permits;
import com.crmtelephony.support.shares.TenantShares;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * Sends what the outbox holds, fairly. A bounded pool of senders ({@code crm.outbound.senders})
 * is shared round robin across tenants: each round takes the oldest due delivery of every tenant
 * before the second of any, a tenant holds at most its share of deliveries in flight
 * ({@code crm.shares.defaults.deliveries}) and an endpoint at most
 * {@code crm.outbound.endpoint-concurrency}; an endpoint that fails backs off as a whole. So one
 * tenant's slow, silent or unreachable receivers hold its own share, never another tenant's.
 * <p>
 * Each delivery has one deadline ({@code crm.outbound.timeout}) over the whole exchange,
 * connecting, sending and the answer's status, after which it is cut off; the answer's body is
 * never read (a receiver that trickles it holds nothing). Any exception is that delivery's
 * failure. 410 disables the endpoint; 429 and 503 wait at least their Retry-After. Deliveries are
 * leased briefly ({@code crm.outbound.lease}) to this process, whose heartbeat renews its row and
 * the leases of what it sends: a stopping instance finishes what is in flight and releases the
 * rest, and what a killed or replaced one had taken goes to another within a lease; a delivery
 * keeps its id across attempts (a receiver that saw it already answers 2xx and ignores it).
 */
@Component
class Deliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final OutboundRepository outbound;
    private final LiveCalls live;
    private final OutboundProperties properties;
    private final TenantShares shares;
    private final Targets targets;
    private final JsonMapper json;
    private final String instance;
    private final Permits tenants = new Permits("deliveries", "webhook deliveries in flight", 1);
    private final Permits endpoints = new Permits("endpoint-concurrency", "deliveries in flight to one endpoint", 1);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The deliveries this instance is sending: their leases are renewed with its heartbeat. */
    private final Set<Long> sending = ConcurrentHashMap.newKeySet();
    /** Until when this instance's row is surely there (its last heartbeat's): it takes no lease past that. */
    private volatile long aliveUntil = System.nanoTime();
    private final AtomicBoolean dispatchAsked = new AtomicBoolean();
    private CloseableHttpClient http;
    private ScheduledExecutorService worker;
    private ExecutorService senders;
    private long forgotAt = System.nanoTime();

    Deliveries(OutboundRepository outbound, LiveCalls live, OutboundProperties properties, TenantShares shares,
               JsonMapper json, Environment environment) {
        this.outbound = outbound;
        // This process, not only its host: a pod started again under the same name is another
        // instance, and the deliveries the old one had taken are released by the instance rows.
        this.instance = IdUtils.getDefaultInstanceId(environment) + ":" + UUID.randomUUID();
        this.live = live;
        this.properties = properties;
        this.shares = shares;
        this.targets = new Targets(properties.allowedTargets());
        this.json = json;
    }

    /**
     * One round: as many deliveries due as there are free senders, round robin across tenants,
     * each tenant within its share and each endpoint within its concurrency.
     *
     * @return how many were handed to senders
     */
    synchronized int dispatch() {
        int free = properties.senders() - inFlight.get();
        // Without a live row, what it took would read as a gone instance's, and be sent twice.
        if (free <= 0 || System.nanoTime() - aliveUntil > 0) {
            return 0;
        }
        List<OutboundRepository.Candidate> candidates = outbound.candidates(properties.endpointConcurrency());
        Map<Long, Permits.Permit[]> chosen = new LinkedHashMap<>();
        for (OutboundRepository.Candidate candidate : roundRobin(candidates)) {
            if (chosen.size() >= free) {
                break;
            }
            Permits.Permit ofTenant = tenants.tryAcquire(candidate.tenant(), shares.of("deliveries", candidate.tenant()));
            if (ofTenant == null) {
                continue;
            }
            Permits.Permit ofEndpoint = endpoints.tryAcquire(candidate.endpoint(), properties.endpointConcurrency());
            if (ofEndpoint == null) {
                ofTenant.close();
                continue;
            }
            chosen.put(candidate.id(), new Permits.Permit[] {ofTenant, ofEndpoint});
        }
        List<OutboundRepository.Due> leased;
        try {
            leased = outbound.lease(new ArrayList<>(chosen.keySet()), lease(), instance);
        } catch (RuntimeException e) {
            chosen.values().forEach(Deliveries::release);
            throw e;
        }
        for (OutboundRepository.Due due : leased) {
            Permits.Permit[] permits = chosen.remove(due.id());
            inFlight.incrementAndGet();
            sending.add(due.id());
            senders.execute(() -> {
                try {
                    deliver(due);
                } catch (RuntimeException e) {
                    // Never a round's end: the outbox keeps it, the lease runs out, it is tried again.
                    log.warn("Webhook delivery {} could not be recorded: {}", due.id(), e.getMessage());
                } finally {
                    sending.remove(due.id());
                    release(permits);
                    inFlight.decrementAndGet();
                    askDispatch();
                }
            });
        }
        // Another instance took these meanwhile.
        chosen.values().forEach(Deliveries::release);
        return leased.size();
    }

    private static void release(Permits.Permit[] permits) {
        for (Permits.Permit permit : permits) {
            permit.close();
        }
    }

    /**
     * The order a round hands deliveries out in: across tenants, the first of every tenant, then
     * the second of every tenant, and so on; within a tenant, its endpoints that are not failing
     * before those that are, and one of each endpoint before a second of any, oldest first. So
     * neither another tenant nor the tenant's own broken endpoints starve a working endpoint.
     */
    static List<OutboundRepository.Candidate> roundRobin(List<OutboundRepository.Candidate> oldestFirst) {
        Map<UUID, Integer> ofEndpoint = new HashMap<>();
        Map<UUID, List<Ranked>> byTenant = new LinkedHashMap<>();
        for (OutboundRepository.Candidate candidate : oldestFirst) {
            int rank = ofEndpoint.merge(candidate.endpoint(), 1, Integer::sum) - 1;
            byTenant.computeIfAbsent(candidate.tenant(), t -> new ArrayList<>()).add(new Ranked(candidate, rank));
        }
        List<List<OutboundRepository.Candidate>> tenantsInOrder = new ArrayList<>();
        for (List<Ranked> ofTenant : byTenant.values()) {
            ofTenant.sort(java.util.Comparator.comparing((Ranked r) -> r.candidate().endpointFailures() > 0)
                    .thenComparingInt(Ranked::rank).thenComparingLong(r -> r.candidate().id()));
            tenantsInOrder.add(ofTenant.stream().map(Ranked::candidate).toList());
        }
        List<OutboundRepository.Candidate> order = new ArrayList<>(oldestFirst.size());
        for (int round = 0; order.size() < oldestFirst.size(); round++) {
            for (List<OutboundRepository.Candidate> ofTenant : tenantsInOrder) {
                if (round < ofTenant.size()) {
                    order.add(ofTenant.get(round));
                }
            }
        }
        return order;
    }

    private record Ranked(OutboundRepository.Candidate candidate, int rank) {
    }

    /** A delivery's lease: short, renewed by the heartbeat while it is in flight. */
    private Duration lease() {
        return properties.lease();
    }

    /** This instance's row and its deliveries' leases renewed; what gone instances had taken is due now. */
    private void heartbeat() {
        try {
            long at = System.nanoTime();
            int released = outbound.heartbeat(instance, List.copyOf(sending), lease());
            aliveUntil = at + lease().toNanos() / 2;
            if (released > 0) {
                log.info("Took up {} webhook deliveries an instance that stopped had not finished", released);
                askDispatch();
            }
        } catch (RuntimeException e) {
            // Its leases run out meanwhile: another instance takes its deliveries, which keep their ids.
            log.warn("Webhook deliveries' heartbeat failed: {}", e.getMessage());
        }
    }

    void deliver(OutboundRepository.Due due) {
        Optional<CallEvent> event = live.event(due.tenant(), due.eventId());
        if (event.isEmpty()) {
            outbound.failed(due, null, "the event is no longer kept", retryIn(due.attempts()), properties.disableAfter(), false);
            return;
        }
        Targets.Checked checked = targets.check(due.url());
        if (checked.refusal() != null) {
            outbound.failed(due, null, "not delivered: " + checked.refusal(), retryIn(due.endpointFailures() + 1),
                    properties.disableAfter(), true);
            return;
        }
        String id = "msg_" + due.id();
        long timestamp = Instant.now().getEpochSecond();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "call." + event.get().state());
        message.put("timestamp", event.get().at().toString());
        message.put("data", event.get());
        String body = json.writeValueAsString(message);
        Answer answer = post(checked.target(), id, timestamp, body, due.secret(), due.previousSecret());
        if (answer.status() != null && answer.status() / 100 == 2) {
            outbound.delivered(due, answer.status());
        } else if (answer.status() != null && answer.status() == 410) {
            outbound.gone(due, "the endpoint answered 410 Gone: disabled until it is enabled again");
        } else {
            Integer status = answer.status();
            boolean endpointAtFault = status == null || status >= 500 || status == 429;
            Duration wait = retryIn(endpointAtFault ? due.endpointFailures() + 1 : due.attempts());
            if (answer.retryAfter() != null && answer.retryAfter().compareTo(wait) > 0) {
                wait = answer.retryAfter().compareTo(properties.maxRetry()) > 0 ? properties.maxRetry() : answer.retryAfter();
            }
            outbound.failed(due, status, status == null ? answer.error() : "answered " + status, wait,
                    properties.disableAfter(), endpointAtFault);
        }
    }

    /** What an attempt came to: a status (and its Retry-After), or the error that ended it. */
    record Answer(Integer status, Duration retryAfter, String error) {
    }

    /**
     * One POST to the checked address (never resolved again), cut off at the deadline, its
     * answer's body left unread.
     */
    Answer post(Targets.Target target, String id, long timestamp, String body, String secret, String previousSecret) {
        HttpPost post = new HttpPost(target.uri());
        post.setHeader(WebhookSignature.ID, id);
        post.setHeader(WebhookSignature.TIMESTAMP, Long.toString(timestamp));
        // Within a day of a rotation, signed with both secrets (space-separated, as Standard
        // Webhooks has it): a receiver that still has the old one, or already the new, verifies.
        String signature = new WebhookSignature(secret).sign(id, timestamp, body);
        if (previousSecret != null) {
            signature += " " + new WebhookSignature(previousSecret).sign(id, timestamp, body);
        }
        post.setHeader(WebhookSignature.SIGNATURE, signature);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> deadline = worker.schedule(post::cancel, properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Integer status = null;
        Duration retryAfter = null;
        try (ClassicHttpResponse response = http.executeOpen(
                new HttpHost(target.scheme(), target.address(), target.host(), target.port()), post, null)) {
            status = response.getCode();
            retryAfter = retryAfter(response.getFirstHeader("Retry-After"));
            // The body is not ours to read: a receiver that trickles it would hold this sender.
            post.cancel();
        } catch (IOException | RuntimeException e) {
            if (status == null) {
                return new Answer(null, null, deadline.isDone() ? "no answer within " + properties.timeout()
                        : e.getClass().getSimpleName()); // its message may name the address connected to
            }
        } finally {
            deadline.cancel(false);
        }
        return new Answer(status, retryAfter, null);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            if (value.matches("[0-9]{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The wait after the n-th failure: the first retry's, doubled each time, at most the longest, with a tenth of jitter. */
    Duration retryIn(int attempts) {
        long first = properties.firstRetry().toMillis();
        long wait = Math.min(properties.maxRetry().toMillis(), first << Math.min(Math.max(attempts - 1, 0), 30));
        return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 10 + 1));
    }

    /**
     * New call events (of any instance: each enqueues their deliveries in the same transaction)
     * are delivered now rather than at the next poll, which is left for retries falling due and
     * for what an instance that stopped left.
     */
    @EventListener
    void announced(CallEventsAnnounced events) {
        askDispatch();
    }

    private void askDispatch() {
        ScheduledExecutorService w = worker;
        if (w != null && dispatchAsked.compareAndSet(false, true)) {
            try {
                w.execute(this::work);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                dispatchAsked.set(false);
            }
        }
    }

    private void work() {
        dispatchAsked.set(false);
        try {
            dispatch();
            if (System.nanoTime() - forgotAt > TimeUnit.MINUTES.toNanos(10)) {
                outbound.forgetDelivered(properties.keepDelivered());
                forgotAt = System.nanoTime();
            }
        } catch (RuntimeException e) {
            // The outbox keeps everything: the next round takes it again.
            log.warn("Webhook deliveries failed this round: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        heartbeat();
        Timeout connect = Timeout.of(properties.timeout());
        http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(connect).build())
                        .setMaxConnTotal(properties.senders() * 2)
                        .setMaxConnPerRoute(properties.endpointConcurrency())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(connect)
                        .setConnectionRequestTimeout(connect).build())
                // Never follows a redirect: a public URL must not lead to a private one.
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("crm-telephony-webhooks")
                .build();
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-deliveries");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::work, properties.poll().toMillis(), properties.poll().toMillis(), TimeUnit.MILLISECONDS);
        long beat = Math.max(1, lease().toMillis() / 3);
        worker.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * On shutdown: no more rounds; the deliveries in flight end (each within its deadline), then
     * whatever is left is released to the other instances at once, with this instance's row.
     */
    @Override
    public void stop() {
        if (worker != null) {
            worker.shutdownNow();
            senders.shutdown();
            try {
                if (!senders.awaitTermination(properties.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                    senders.shutdownNow();
                }
            } catch (InterruptedException e) {
                senders.shutdownNow();
                Thread.currentThread().interrupt();
            }
            try {
                int released = outbound.leave(instance);
                if (released > 0) {
                    log.info("Released {} webhook deliveries to the other instances on shutdown", released);
                }
            } catch (RuntimeException e) {
                log.warn("Could not release this instance's webhook deliveries ({}); their leases run out", e.getMessage());
            }
            try {
                http.close();
            } catch (IOException ignored) {
                // closing
            }
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
