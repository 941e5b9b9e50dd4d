package com.crmtelephony.mockpbx.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.crmtelephony.mockpbx.MockPbxProperties;
import com.crmtelephony.mockpbx.call.OriginalForm;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * Posts a call to every receiver of its tenant, signed when the receiver has a secret (a tenant's
 * receiver: with it as given; else with the call's tenant's key derived from it), and redelivers what a
 * receiver did not accept with exponential backoff. A redelivery keeps the message's id (so the
 * receiver can drop duplicates) and is signed anew with the time of its attempt.
 */
@Component
public class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final Subscriptions subscriptions;
    private final MockPbxProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    WebhookSender(Subscriptions subscriptions, MockPbxProperties properties, JsonMapper json, MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.retry().timeout()).build();
    }

    /** Sends the call to every receiver now (and again later if needed); does not wait. */
    public void send(UUID tenant, PbxCall call) {
        String body = json.writeValueAsString(properties.original() ? OriginalForm.of(call) : call);
        List<Subscriptions.Subscription> targets = new ArrayList<>(subscriptions.all());
        if (properties.webhookUrl() != null && !properties.webhookUrl().isBlank()) {
            targets.add(new Subscriptions.Subscription("configured", properties.webhookUrl(), null, 1, null));
        }
        targets.removeIf(target -> !target.wants(tenant));
        for (Subscriptions.Subscription target : targets) {
            String messageId = "msg_" + UUID.randomUUID();
            scheduler.execute(() -> attempt(target, tenant, messageId, body, 1));
        }
    }

    private void attempt(Subscriptions.Subscription target, UUID tenant, String messageId, String body, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(properties.retry().timeout())
                .header("Content-Type", "application/json")
                .header(PbxCall.TENANT_HEADER, tenant.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target.secret() != null) {
            long timestamp = Instant.now().getEpochSecond();
            request.header(WebhookSignature.ID, messageId)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, signature(target, tenant).sign(messageId, timestamp, body));
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                meters.counter("mockpbx.webhooks", "outcome", "delivered").increment();
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            // A 4xx other than 408/429 means the receiver refuses this message for good.
            boolean permanent = error == null && response.statusCode() / 100 == 4
                    && response.statusCode() != 408 && response.statusCode() != 429;
            // The original PBX sent each webhook once.
            if (permanent || attempt >= properties.retry().maxAttempts() || properties.original()) {
                meters.counter("mockpbx.webhooks", "outcome", "dropped").increment();
                log.warn("Webhook {} to {} dropped after {} attempt(s): {}", messageId, target.url(), attempt, why);
                return;
            }
            long delay = (long) (properties.retry().initialBackoff().toMillis() * Math.pow(properties.retry().multiplier(), attempt - 1));
            meters.counter("mockpbx.webhooks", "outcome", "retried").increment();
            log.info("Webhook {} to {} failed ({}); attempt {} in {} ms", messageId, target.url(), why, attempt + 1, delay);
            scheduler.schedule(() -> attempt(target, tenant, messageId, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }

    /** Waits a moment for queued first attempts on shutdown; retries still pending are dropped. */
    @Override
    public void destroy() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static WebhookSignature signature(Subscriptions.Subscription target, UUID tenant) {
        return target.tenant() != null ? new WebhookSignature(target.secret()) : WebhookSignature.forTenant(target.secret(), tenant);
    }
}
