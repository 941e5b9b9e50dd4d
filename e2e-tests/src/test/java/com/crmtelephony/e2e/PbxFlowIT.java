package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.MOCK_PBX;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PBX flow end to end: calls played as signed webhooks reach cdr-service through
 * pbx-integration-service; a pull through the gateway then completes what webhooks missed.
 */
class PbxFlowIT {

    /** mock-pbx's second configured tenant. */
    static final String TENANT = "22222222-2222-4222-8222-222222222222";
    static final Map<String, String> AS_TENANT = Suite.tenantKey(TENANT);

    @BeforeAll
    static void suiteAndSubscription() {
        Suite.ready();
        Suite.awaitSignedSubscription();
    }

    static Map<String, JsonNode> pbxCalls() throws Exception {
        JsonNode page = body(get(MOCK_PBX + "/cdrs?since=0&limit=5000", Map.of("Tenant-UUID", TENANT)));
        return page.get("data").valueStream().collect(Collectors.toMap(c -> c.get("uuid").asString(), c -> c));
    }

    static Map<String, List<JsonNode>> cdrCalls() throws Exception {
        Map<String, List<JsonNode>> byUuid = new HashMap<>();
        body(get(GATEWAY + "/cdr-service/cdr/get", AS_TENANT)).valueStream()
                .forEach(c -> byUuid.computeIfAbsent(c.get("uuid").asString(), k -> new ArrayList<>()).add(c));
        return byUuid;
    }

    @Test
    void everyCallThePbxReportsIsInCdrServiceOnceInItsFinalState() throws Exception {
        List<String> played = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> fired = get(GATEWAY + "/pbx-integration-service/pbx/trigger_webhooks", AS_TENANT);
            assertThat(fired.statusCode()).isEqualTo(200);
            assertThat(body(fired).get("status").asString()).isEqualTo("firing webhooks");
            played.add(fired.headers().firstValue("X-Call-UUID").orElseThrow());
        }
        // Two calls whose final webhook the PBX never sends (about 4% of real ones).
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            lost.add(get(MOCK_PBX + "/trigger_webhooks?outcome=LOST_FINAL", Map.of("Tenant-UUID", TENANT))
                    .headers().firstValue("X-Call-UUID").orElseThrow());
        }

        // Wait until the PBX has played every call to its end ...
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, JsonNode> pbx = pbxCalls();
            return played.stream().allMatch(u -> pbx.containsKey(u) && pbx.get(u).get("action").asString().equals("HANGUP"))
                    && lost.stream().allMatch(u -> pbx.containsKey(u) && pbx.get(u).get("action").asString().equals("HANGUP"));
        });
        // ... and the webhooks have arrived: played calls end in HANGUP, lost ones stop at RING.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, List<JsonNode>> cdr = cdrCalls();
            return played.stream().allMatch(u -> cdr.containsKey(u) && cdr.get(u).get(0).get("action").asString().equals("HANGUP"))
                    && lost.stream().allMatch(u -> cdr.containsKey(u) && cdr.get(u).get(0).get("action").asString().equals("RING"));
        });

        HttpResponse<String> pulled = send("POST", GATEWAY + "/cdr-service/cdr/update_cdr", AS_TENANT, null, null);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(body(pulled).get("tenant").asString()).isEqualTo(TENANT);
        assertThat(body(pulled).get("fetched").asInt()).isPositive();

        Map<String, JsonNode> pbx = pbxCalls();
        Map<String, List<JsonNode>> cdr = cdrCalls();
        assertThat(cdr.keySet()).containsExactlyInAnyOrderElementsOf(pbx.keySet());
        for (Map.Entry<String, JsonNode> call : pbx.entrySet()) {
            List<JsonNode> stored = cdr.get(call.getKey());
            assertThat(stored).as("call %s stored once", call.getKey()).hasSize(1);
            assertThat(stored.get(0).get("action").asString()).isEqualTo(call.getValue().get("action").asString());
            assertThat(stored.get(0).get("callEnd").asString()).isEqualTo(call.getValue().get("call_end").asString());
            assertThat(stored.get(0).get("callerNumber").asLong()).isEqualTo(call.getValue().get("caller_number").asLong());
        }
        assertThat(lost).allSatisfy(u -> assertThat(cdr.get(u).get(0).get("action").asString()).isEqualTo("HANGUP"));

        JsonNode report = body(get(GATEWAY + "/cdr-service/cdr/report", AS_TENANT));
        assertThat(report.get("latest_sync_date").isNull()).isFalse();
        assertThat(report.get("total_number_of_calls").asInt()).isEqualTo(pbx.size());
    }

    @Test
    void theCompatProxyAnswersLikeThePbx() throws Exception {
        HttpResponse<String> all = get(GATEWAY + "/pbx-integration-service/pbx/get_cdr", AS_TENANT);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Tenant-UUID")).hasValue(TENANT);
        JsonNode page = body(all);
        assertThat(page.get("total").asInt()).isEqualTo(page.get("data").size());
        assertThat(page.at("/data/0/caller_number").isNumber()).isTrue();
        // The PBX grew by 5 calls with that pull (the original mock's behaviour).
        assertThat(body(get(GATEWAY + "/pbx-integration-service/pbx/get_cdr", AS_TENANT)).get("total").asInt())
                .isEqualTo(page.get("total").asInt() + 5);
        assertThat(Set.copyOf(body(get(GATEWAY + "/pbx-integration-service/pbx/tenants", Map.of("X-API-Key", Suite.ADMIN_KEY))).valueStream()
                .map(JsonNode::asString).toList())).contains(TENANT);
    }

    @Test
    void aForgedWebhookIsRefused() throws Exception {
        HttpResponse<String> forged = send("POST", "http://127.0.0.1:9901/pbx/webhook",
                Map.of("Tenant-UUID", TENANT, "webhook-id", "msg_forged", "webhook-timestamp",
                        Long.toString(System.currentTimeMillis() / 1000), "webhook-signature", "v1,AAAA"),
                "application/json", "{\"uuid\":\"forged\",\"action\":\"HANGUP\"}");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(cdrCalls()).doesNotContainKey("forged");
    }
}
