package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.webhook.WebhookSignature;
import com.crmtelephony.testsupport.WebhookReceiver;
import com.crmtelephony.testsupport.WebhookReceiver.Received;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's webhook endpoints through the gateway: a call the PBX plays reaches the tenant's
 * receiver signed with the endpoint's own secret, in order, and nobody else's; a URL into this
 * network is refused; another tenant can neither read nor delete an endpoint.
 */
class OutboundWebhooksIT {

    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    static final String OTHER = "22222222-2222-4222-8222-222222222222";
    static final String WEBHOOKS = GATEWAY + "/cdr-service/cdr/webhooks";
    static WebhookReceiver receiver;

    @BeforeAll
    static void suite() {
        Suite.ready();
        // An earlier test may have restarted mock-pbx, which forgets its subscribers until pbx-integration's next round.
        Suite.awaitSignedSubscription();
        receiver = Suite.receiver();
    }

    @AfterAll
    static void endpointsGone() throws Exception {
        for (String tenant : List.of(TENANT, OTHER)) {
            for (JsonNode endpoint : body(get(WEBHOOKS, tenantKey(tenant)))) {
                send("DELETE", WEBHOOKS + "/" + endpoint.get("id").asString(), tenantKey(tenant), null, null);
            }
        }
    }

    static JsonNode register(String tenant, String url) throws Exception {
        HttpResponse<String> created = send("POST", WEBHOOKS, tenantKey(tenant), "application/json",
                "{\"url\":\"" + url + "\",\"events\":[\"ringing\",\"answered\",\"ended\",\"missed\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return body(created);
    }

    @Test
    void aCallReachesItsTenantsReceiverSignedInOrderAndNobodyElses() throws Exception {
        JsonNode mine = register(TENANT, receiver.url("/mine"));
        JsonNode theirs = register(OTHER, receiver.url("/theirs"));
        String secret = mine.get("secret").asString();
        assertThat(secret).startsWith("whsec_");

        HttpResponse<String> fired = get(Suite.MOCK_PBX + "/trigger_webhooks?outcome=ANSWERED", Map.of("Tenant-UUID", TENANT));
        assertThat(fired.statusCode()).isEqualTo(200);
        String call = fired.headers().firstValue("X-Call-UUID").orElseThrow();

        List<Received> calls = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.at("/mine").stream().filter(r -> r.body().contains(call)).toList(),
                        r -> r.stream().anyMatch(d -> d.body().contains("\"call.ended\"")));
        for (Received delivery : calls) {
            assertThat(new WebhookSignature(secret).verify(delivery.headers().get("webhook-id"),
                    delivery.headers().get("webhook-timestamp"), delivery.headers().get("webhook-signature"),
                    delivery.body(), Instant.now(), Duration.ofMinutes(5)))
                    .as("the receiver verifies it with the endpoint's secret").isNull();
        }
        List<String> types = calls.stream().map(r -> Suite.json.readTree(r.body()).get("type").asString()).toList();
        assertThat(List.of("call.ringing", "call.answered", "call.ended")).containsSubsequence(types);
        assertThat(calls).extracting(r -> r.headers().get("webhook-id")).doesNotHaveDuplicates();
        assertThat(receiver.at("/theirs")).noneMatch(r -> r.body().contains(call));

        String log = WEBHOOKS + "/" + mine.get("id").asString() + "/deliveries";
        JsonNode deliveries = body(get(log, tenantKey(TENANT)));
        List<JsonNode> ofCall = deliveries.valueStream().filter(d -> call.equals(d.get("callUuid").asString())).toList();
        // One log entry per event the receiver got (ringing, answered, ended), each delivered.
        assertThat(ofCall).hasSameSizeAs(calls);
        assertThat(ofCall).extracting(d -> d.get("state").asString()).containsOnly("delivered");
        assertThat(ofCall).extracting(d -> d.get("id").asString())
                .containsExactlyInAnyOrderElementsOf(calls.stream().map(r -> r.headers().get("webhook-id")).toList());
        assertThat(ofCall).allSatisfy(d -> {
            assertThat(d.get("deliveredAt").isNull()).as("delivered: %s", d).isFalse();
            assertThat(d.get("attempts").asInt()).isPositive();
        });
        // Another tenant's key does not see, change or remove this endpoint.
        assertThat(get(log, tenantKey(OTHER)).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", WEBHOOKS + "/" + mine.get("id").asString(), tenantKey(OTHER), null, null).statusCode())
                .isEqualTo(404);
        assertThat(body(get(WEBHOOKS, tenantKey(OTHER))).valueStream().map(e -> e.get("id").asString()))
                .containsExactly(theirs.get("id").asString());
        assertThat(get(WEBHOOKS, tenantKey(TENANT)).body()).doesNotContain("whsec_");
    }

    @Test
    void aUrlIntoThisNetworkIsRefusedAndNothingIsStored() throws Exception {
        int before = body(get(WEBHOOKS, tenantKey(TENANT))).size();
        for (String url : List.of("http://127.0.0.1:8901/cdr/get", "http://localhost:8761/eureka/apps",
                "http://169.254.169.254/latest/meta-data", "http://[::1]:9901/pbx/tenants", "http://10.0.0.1/",
                "http://0x7f000001:8666/actuator/env")) {
            HttpResponse<String> refused = send("POST", WEBHOOKS, tenantKey(TENANT), "application/json",
                    "{\"url\":\"" + url + "\",\"events\":[\"ended\"]}");
            assertThat(refused.statusCode()).as(url).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        HttpResponse<String> ftp = send("POST", WEBHOOKS, tenantKey(TENANT), "application/json",
                "{\"url\":\"ftp://example.com/hook\",\"events\":[\"ended\"]}");
        assertThat(ftp.statusCode()).isBetween(400, 422);
        assertThat(body(get(WEBHOOKS, tenantKey(TENANT))).size()).isEqualTo(before);
    }
}
