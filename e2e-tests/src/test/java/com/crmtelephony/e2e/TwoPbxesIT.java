package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.webhook.WebhookSignature;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two PBXes side by side (the demo run's mock-pbx on 3030, and mock-pbx-2 on 3031 with a tenant
 * of its own, connected through the registry's API by scripts/suite.sh): each one's calls land in
 * its own tenants only, and a delivery signed by one PBX for the other's tenant is refused.
 */
class TwoPbxesIT {

    static final String SECOND_PBX = "http://127.0.0.1:3031";
    static final String SECOND = "44444444-4444-4444-8444-444444444444";
    static final String FIRST = "11111111-1111-4111-8111-111111111111";

    @BeforeAll
    static void suite() {
        Suite.ready();
        Suite.awaitSignedSubscription(SECOND_PBX, SECOND);
        Suite.awaitSignedSubscription("http://127.0.0.1:3030", FIRST);
    }

    static List<String> stored(String tenant) throws Exception {
        List<String> uuids = new ArrayList<>();
        body(get(GATEWAY + "/cdr-service/cdr/get", Suite.admin(UUID.fromString(tenant)))).forEach(c -> uuids.add(c.get("uuid").asString()));
        return uuids;
    }

    @Test
    void eachPbxsCallsLandInItsOwnTenantsOnly() throws Exception {
        JsonNode connection = body(get(GATEWAY + "/tenant-service/tenants/" + SECOND + "/pbx", Suite.admin(UUID.fromString(SECOND))));
        assertThat(connection.get("baseUrl").asString()).isEqualTo(SECOND_PBX);
        assertThat(connection.get("kind").asString()).isEqualTo("signed");
        assertThat(connection.has("webhookSecret")).as("the secret is never shown again").isFalse();
        // Played through the gateway: each tenant's trigger reaches its own PBX.
        HttpResponse<String> second = get(GATEWAY + "/pbx-integration-service/pbx/trigger_webhooks?outcome=ANSWERED",
                Suite.admin(UUID.fromString(SECOND)));
        assertThat(second.statusCode()).isEqualTo(200);
        String secondCall = second.headers().firstValue("X-Call-UUID").orElseThrow();
        HttpResponse<String> first = get(GATEWAY + "/pbx-integration-service/pbx/trigger_webhooks?outcome=ANSWERED",
                Suite.admin(UUID.fromString(FIRST)));
        String firstCall = first.headers().firstValue("X-Call-UUID").orElseThrow();
        // Only the second PBX knows its call; only the first, its own.
        assertThat(body(get(SECOND_PBX + "/cdrs?since=0&limit=5000", Map.of("Tenant-UUID", SECOND))).toString()).contains(secondCall);
        assertThat(get("http://127.0.0.1:3030/cdrs?since=0&limit=5000", Map.of("Tenant-UUID", SECOND)).statusCode())
                .as("the first PBX has no such tenant").isEqualTo(404);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> stored(SECOND).contains(secondCall) && stored(FIRST).contains(firstCall));
        assertThat(stored(FIRST)).doesNotContain(secondCall);
        assertThat(stored(SECOND)).doesNotContain(firstCall);
        // Its status shows the webhooks taken and its subscription, as pbx-integration-service reported them.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode status = body(get(GATEWAY + "/tenant-service/tenants/" + SECOND + "/pbx", Suite.admin(UUID.fromString(SECOND)))).get("status");
            return !status.get("lastWebhookAt").isNull() && "subscribed".equals(status.get("subscription").asString(null));
        });
    }

    static HttpResponse<String> deliver(String tenant, String id, long at, String signature, String body) throws Exception {
        return Suite.send("POST", GATEWAY + "/pbx-integration-service/pbx/webhook", Map.of("Tenant-UUID", tenant,
                WebhookSignature.ID, id, WebhookSignature.TIMESTAMP, Long.toString(at), WebhookSignature.SIGNATURE, signature),
                "application/json", body);
    }

    @Test
    void aDeliverySignedByOnePbxForTheOthersTenantIsRefused() throws Exception {
        // Signed as the first PBX signs its tenants' webhooks (the demo secret's key for tenant 1), aimed at the second's tenant.
        String body = "{\"uuid\":\"cross-" + UUID.randomUUID() + "\",\"action\":\"RING\",\"caller_number\":35799000111}";
        long now = Instant.now().getEpochSecond();
        String id = "msg_cross_" + UUID.randomUUID();
        String signature = WebhookSignature.forTenant("crm-demo-pbx-webhook-secret", UUID.fromString(FIRST)).sign(id, now, body);
        HttpResponse<String> toSecond = deliver(SECOND, id, now, signature, body);
        assertThat(toSecond.statusCode()).as("signed by the first PBX, aimed at the second's tenant").isEqualTo(401);
        assertThat(deliver("55555555-5555-4555-8555-555555555555", id, now, signature, body).statusCode())
                .as("a tenant with no PBX connection").isEqualTo(403);
        assertThat(stored(SECOND)).noneMatch(u -> u.startsWith("cross-"));
    }
}
