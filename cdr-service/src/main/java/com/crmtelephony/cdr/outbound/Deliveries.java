package com.crmtelephony.cdr.outbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.commons.util.IdUtils;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.crmtelephony.cdr.live.CallEvent;
import com.crmtelephony.cdr.live.LiveCalls;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * Sends what the outbox holds: each instance takes deliveries due (leased, so that an instance
 * killed mid-delivery leaves them to another after the lease, or to itself at once when it starts
 * again), signs each with its endpoint's
 * secret (Standard Webhooks) and posts it. A 2xx is delivered; anything else is tried again after
 * a doubling wait. A delivery keeps its id across attempts: a receiver that saw it already
 * answers 2xx again and ignores it.
 */
@Component
class Deliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    /** Long enough for every delivery of a batch to time out one after the other. */
    private static final int LEASE_TIMEOUTS = 2;

    private final OutboundRepository outbound;
    private final LiveCalls live;
    private final OutboundProperties properties;
    private final Targets targets;
    private final JsonMapper json;
    private final HttpClient http;
    private final String instance;
    private ScheduledExecutorService worker;
    private long forgotAt = System.nanoTime();

    Deliveries(OutboundRepository outbound, LiveCalls live, OutboundProperties properties, JsonMapper json,
               Environment environment) {
        this.outbound = outbound;
        // As the registry knows this instance (host, name, port): the same after a restart.
        this.instance = IdUtils.getDefaultInstanceId(environment);
        this.live = live;
        this.properties = properties;
        this.targets = new Targets(properties.allowedTargets());
        this.json = json;
        // Never follows a redirect: a public URL must not lead to a private one.
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Delivers what is due now; the worker calls it every {@code crm.outbound.poll}. */
    int deliverDue() {
        Duration lease = properties.timeout().multipliedBy((long) properties.batch() * LEASE_TIMEOUTS);
        List<OutboundRepository.Due> due = outbound.take(properties.batch(), lease, instance);
        for (OutboundRepository.Due delivery : due) {
            deliver(delivery);
        }
        return due.size();
    }

    private void deliver(OutboundRepository.Due due) {
        Optional<CallEvent> event = live.event(due.tenant(), due.eventId());
        if (event.isEmpty()) {
            outbound.failed(due, null, "the event is no longer kept", retryIn(due.attempts()), properties.disableAfter());
            return;
        }
        String refusal = targets.refusal(due.url());
        if (refusal != null) {
            outbound.failed(due, null, "not delivered: " + refusal, retryIn(due.attempts()), properties.disableAfter());
            return;
        }
        String id = "msg_" + due.id();
        long timestamp = Instant.now().getEpochSecond();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "call." + event.get().state());
        message.put("timestamp", event.get().at().toString());
        message.put("data", event.get());
        String body = json.writeValueAsString(message);
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(due.url()))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "crm-telephony-webhooks")
                    .header(WebhookSignature.ID, id)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, new WebhookSignature(due.secret()).sign(id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                outbound.delivered(due, answer.statusCode());
            } else {
                outbound.failed(due, answer.statusCode(), "answered " + answer.statusCode(), retryIn(due.attempts()),
                        properties.disableAfter());
            }
        } catch (java.io.IOException e) {
            outbound.failed(due, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    retryIn(due.attempts()), properties.disableAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wait after the n-th failed attempt: the first retry's, doubled each time, at most the longest, with a tenth of jitter. */
    Duration retryIn(int attempts) {
        long first = properties.firstRetry().toMillis();
        long wait = Math.min(properties.maxRetry().toMillis(), first << Math.min(Math.max(attempts - 1, 0), 30));
        return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 10 + 1));
    }

    private void work() {
        try {
            while (deliverDue() == properties.batch()) {
                // more are due: go on at once
            }
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
        try {
            int released = outbound.release(instance);
            if (released > 0) {
                log.info("Took up again {} webhook deliveries this instance ({}) had not finished when it stopped", released, instance);
            }
        } catch (RuntimeException e) {
            log.warn("Could not take up this instance's unfinished webhook deliveries: {}; their leases run out", e.getMessage());
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-deliveries");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::work, properties.poll().toMillis(), properties.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
