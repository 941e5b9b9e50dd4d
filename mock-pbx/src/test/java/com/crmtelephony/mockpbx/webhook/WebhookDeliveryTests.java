package com.crmtelephony.mockpbx.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.crmtelephony.support.webhook.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Webhooks reach a real HTTP receiver: signed, in order, redelivered after failures. */
@SpringBootTest(properties = {
        "crm.mock-pbx.event-interval=100ms",
        "crm.mock-pbx.retry.initial-backoff=100ms",
        "crm.mock-pbx.retry.max-attempts=4"})
@AutoConfigureMockMvc
class WebhookDeliveryTests {

    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("test-secret-0123456789".getBytes());
    static final String OTHER_TENANT = "11111111-1111-4111-8111-111111111111";
    static final String TENANT = "22222222-2222-4222-8222-222222222222";

    record Received(String tenant, String id, String timestamp, String signature, String body) {
    }

    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresToGo = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicReference<String> failingId = new java.util.concurrent.atomic.AtomicReference<>();
    static final HttpServer receiver = start();
    static final JsonMapper json = JsonMapper.builder().build();

    static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var h = exchange.getRequestHeaders();
                received.add(new Received(h.getFirst("Tenant-UUID"), h.getFirst(WebhookSignature.ID),
                        h.getFirst(WebhookSignature.TIMESTAMP), h.getFirst(WebhookSignature.SIGNATURE), body));
                // Only the first message fails (failuresToGo times), whatever else arrives meanwhile.
                String id = String.valueOf(h.getFirst(WebhookSignature.ID));
                failingId.compareAndSet(null, id);
                boolean fail = id.equals(failingId.get()) && failuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                exchange.sendResponseHeaders(fail ? 503 : 204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Subscriptions subscriptions;

    @BeforeEach
    void reset() {
        received.clear();
        failuresToGo.set(0);
        failingId.set(null);
        subscriptions.all().forEach(s -> subscriptions.unsubscribe(s.id()));
    }

    String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    void subscribe(String secret) throws Exception {
        mvc.perform(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("url", url(), "secret", secret))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.signed").value(!secret.isEmpty()));
    }

    String trigger(String outcome) throws Exception {
        return mvc.perform(get("/trigger_webhooks").header("Tenant-UUID", TENANT).param("outcome", outcome))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("firing webhooks"))
                .andReturn().getResponse().getHeader("X-Call-UUID");
    }

    @Test
    void anAnsweredCallArrivesAsFourSignedWebhooksInOrder() throws Exception {
        subscribe(SECRET);
        String uuid = trigger("ANSWERED");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);

        assertThat(received).extracting(r -> json.readTree(r.body()).get("action").asString())
                .containsExactly("ORIGINATE", "RING", "ANSWERED", "HANGUP");
        WebhookSignature verifier = WebhookSignature.forTenant(SECRET, UUID.fromString(TENANT));
        for (Received r : received) {
            assertThat(r.tenant()).isEqualTo(TENANT);
            assertThat(json.readTree(r.body()).get("uuid").asString()).isEqualTo(uuid);
            assertThat(verifier.verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now(), Duration.ofMinutes(5)))
                    .isNull();
        }
        assertThat(received).extracting(Received::id).doesNotHaveDuplicates();
    }

    @Test
    void aFailingReceiverGetsTheSameMessageAgainWithBackoff() throws Exception {
        subscribe(SECRET);
        failuresToGo.set(2);
        trigger("MISSED");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().map(Received::id).distinct().count() == 3
                && received.size() == 5);
        // The first message failed twice: three deliveries with one id, each signed for its own attempt.
        String first = received.get(0).id();
        assertThat(received.stream().filter(r -> r.id().equals(first)).count()).isEqualTo(3);
        WebhookSignature verifier = WebhookSignature.forTenant(SECRET, UUID.fromString(TENANT));
        assertThat(received).allSatisfy(r -> assertThat(
                verifier.verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now(), Duration.ofMinutes(5))).isNull());
    }

    @Test
    void aLostFinalWebhookIsNeverSentButThePbxRecordEndsInTheFinalState() throws Exception {
        subscribe("");
        String uuid = trigger("LOST_FINAL");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        Thread.sleep(500); // well past the final step's time
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(r -> assertThat(r.signature()).isNull());
        String pulled = mvc.perform(get("/cdrs").header("Tenant-UUID", TENANT).param("since", "0").param("limit", "5000"))
                .andReturn().getResponse().getContentAsString();
        JsonNode call = json.readTree(pulled).get("data").valueStream()
                .filter(c -> c.get("uuid").asString().equals(uuid)).findFirst().orElseThrow();
        assertThat(call.get("action").asString()).isEqualTo("HANGUP");
        assertThat(call.get("call_end").isNull()).isFalse();
    }

    @Test
    void aReceiverNeedsAnHttpUrl() throws Exception {
        mvc.perform(post("/webhooks").contentType(MediaType.APPLICATION_JSON).content("{\"url\":\"ftp://x\"}"))
                .andExpect(status().isUnprocessableContent());
    }

    /** Subscribing one URL again (an adapter's renewal, or another instance's) keeps one receiver and counts it. */
    @Test
    void aRenewedUrlIsOneReceiverSubscribedAgain() throws Exception {
        subscribe("secret-of-the-receiver-0001");
        subscribe("secret-of-the-receiver-0001");
        mvc.perform(get("/webhooks"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].url").value(url()))
                .andExpect(jsonPath("$[0].subscribed").value(2));
    }

    /**
     * A PBX account's own subscription (an extension: a tenant named): that tenant's calls only,
     * signed with its secret as given, so each tenant of one PBX can have a secret of its own.
     */
    @Test
    void aTenantsSubscriptionGetsItsCallsOnlySignedWithItsOwnSecret() throws Exception {
        String own = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-tenants-own-secret-32-bytes-long".getBytes());
        mvc.perform(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("url", url(), "secret", own, "tenant", TENANT))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.tenant").value(TENANT));
        mvc.perform(get("/trigger_webhooks").header("Tenant-UUID", OTHER_TENANT).param("outcome", "MISSED"))
                .andExpect(status().isOk());
        String uuid = trigger("MISSED");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.tenant()).isEqualTo(TENANT);
            assertThat(json.readTree(r.body()).get("uuid").asString()).isEqualTo(uuid);
            assertThat(new WebhookSignature(own).verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now(),
                    Duration.ofMinutes(5))).isNull();
        });
        mvc.perform(post("/webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("url", url(), "secret", own, "tenant", "not-a-tenant"))))
                .andExpect(status().is4xxClientError());
    }
}
