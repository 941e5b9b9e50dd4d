package com.crmtelephony.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
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
 * The PBX flow against mock-pbx in its original mode, as the replaced system's PBX was: a tenant
 * of its own, drawn at its start; {@code caller_name: ""}; durations with fractions; unsigned
 * webhooks, sent once, to the one URL it is configured with (here the gateway's webhook route);
 * no {@code /cdrs}, {@code /webhooks} or {@code /tenants}. Its tenant is registered and its PBX
 * connected, kind original, through the registry's API alone: pbx-integration-service then takes
 * unsigned webhooks for that tenant only, and pulls it from that PBX. mock-pbx goes back to the
 * suite's own mode afterwards.
 */
class OriginalPbxFlowIT {

    static SuiteProcess suite;
    static UUID tenant;

    @BeforeAll
    static void originalPbx() throws Exception {
        suite = Suite.get();
        // Only mock-pbx restarts, in the original mode (a start of a service costs half a minute here).
        suite.kill("mock-pbx");
        suite.start(Map.of("CRM_MOCK_PBX_MODE", "original",
                "CRM_MOCK_PBX_WEBHOOK_URL", GATEWAY + "/pbx-integration-service/pbx/webhook"));
        tenant = UUID.fromString(get(MOCK_PBX + "/get_cdr", Map.of()).headers().firstValue("Tenant-UUID").orElseThrow());
        // Connected through the registry's API alone, as an operator would: no variable set, no
        // service restarted. Unsigned webhooks are then taken for this tenant only.
        Map<String, String> admin = Suite.admin(tenant);
        assertThat(send("POST", GATEWAY + "/tenant-service/tenants", admin, "application/json",
                "{\"id\":\"" + tenant + "\",\"name\":\"Original PBX " + tenant + "\"}").statusCode()).isEqualTo(201);
        assertThat(send("PUT", GATEWAY + "/tenant-service/tenants/" + tenant + "/pbx", admin, "application/json",
                "{\"baseUrl\":\"" + MOCK_PBX + "\",\"kind\":\"original\"}").statusCode()).isEqualTo(201);
        // pbx-integration-service reads the registry every 15 s: the tenant is then among those it pulls.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                body(get(GATEWAY + "/pbx-integration-service/pbx/tenants", Suite.admin(tenant))).toString().contains(tenant.toString()));
    }

    @AfterAll
    static void suitesOwnPbx() throws Exception {
        // Disconnected and suspended: its webhooks refused, its calls no longer pulled, its data kept.
        send("DELETE", GATEWAY + "/tenant-service/tenants/" + tenant + "/pbx", Suite.admin(tenant), null, null);
        send("DELETE", GATEWAY + "/tenant-service/tenants/" + tenant, Suite.admin(tenant), null, null);
        suite.kill("mock-pbx");
        suite.start();
    }

    static Map<String, JsonNode> stored() throws Exception {
        Map<String, JsonNode> byUuid = new HashMap<>();
        body(get(GATEWAY + "/cdr-service/cdr/get", Suite.admin(tenant))).forEach(c -> byUuid.put(c.get("uuid").asString(), c));
        return byUuid;
    }

    @Test
    void webhooksAndAPullOfTheOriginalPbxStoreItsCallsNamedAndRounded() throws Exception {
        assertThat(get(MOCK_PBX + "/cdrs", Map.of()).statusCode()).isEqualTo(404);
        // Its directory, numbers in unassigned ranges included, imports whole.
        String directory = get(MOCK_PBX + "/directory.csv", Map.of()).body();
        HttpResponse<String> imported = send("POST", GATEWAY + "/phonebook-service/phone_book/records/import",
                Suite.admin(tenant), "text/csv", directory);
        assertThat(body(imported).get("rejected").asInt()).isZero();
        Map<String, String> names = new HashMap<>();
        directory.lines().skip(1).map(l -> l.split(",")).forEach(f -> names.put(f[2], f[0]));

        HttpResponse<String> fired = get(GATEWAY + "/pbx-integration-service/pbx/trigger_webhooks", Suite.admin(tenant));
        assertThat(fired.statusCode()).isEqualTo(200);
        String played = fired.headers().firstValue("X-Call-UUID").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> stored().containsKey(played));

        // A pull: /get_cdr is all the original PBX has; it completes what a lost final webhook missed.
        HttpResponse<String> pulled = send("POST", GATEWAY + "/cdr-service/cdr/update_cdr", Suite.admin(tenant), null, null);
        assertThat(pulled.statusCode()).isEqualTo(200);
        // The played call's last webhooks may still be on their way from the inbox: the two sides
        // agree once they have arrived.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode pbx = body(get(MOCK_PBX + "/get_cdr", Map.of())).get("data");
            Map<String, JsonNode> stored = stored();
            assertThat(pbx.size()).isPositive();
            pbx.forEach(call -> {
                String uuid = call.get("uuid").asString();
                if (!stored.containsKey(uuid)) {
                    return; // appended by the /get_cdr just made, after the pull
                }
                JsonNode mine = stored.get(uuid);
                assertThat(call.get("caller_name").asString()).isEmpty();
                JsonNode name = mine.get("callerName");
                // Named from the phone book where the directory has the number (an extension it has not).
                assertThat(name == null || name.isNull() ? null : name.asString()).as("the name of %s", uuid)
                        .isEqualTo(names.get(call.get("caller_number").asString()));
                if (call.hasNonNull("duration")) {
                    assertThat(mine.get("duration").asInt()).as("rounded to the second, halves up: %s", uuid)
                            .isEqualTo(new BigDecimal(call.get("duration").asString()).setScale(0, RoundingMode.HALF_UP).intValue());
                }
                assertThat(mine.get("action").asString()).isEqualTo(call.get("action").asString());
            });
            assertThat(stored).containsKey(played);
        });
        Map<String, JsonNode> stored = stored();

        // Unmatched: the calls whose other party is in no contact, as the directory says; numbers in
        // unassigned ranges are contacts like any other.
        double unmatchedSeconds = 0;
        for (JsonNode call : stored.values()) {
            JsonNode other = call.get("outbound".equals(call.get("direction").asString()) ? "destinationNumber" : "callerNumber");
            if (other == null || other.isNull() || !names.containsKey(other.asString())) {
                unmatchedSeconds += call.hasNonNull("duration") ? call.get("duration").asDouble()
                        : call.hasNonNull("callEnd") ? java.time.Duration.between(java.time.Instant.parse(call.get("callStart").asString()),
                        java.time.Instant.parse(call.get("callEnd").asString())).toMillis() / 1000.0 : 0;
            }
        }
        JsonNode report = body(get(GATEWAY + "/cdr-service/cdr/report", Suite.admin(tenant)));
        assertThat(report.get("total_number_of_calls").asInt()).isEqualTo(stored.size());
        assertThat(report.get("total_unmatched_call_in_minutes").isNumber()).as("the phone book answered").isTrue();
        assertThat(report.get("total_unmatched_call_in_minutes").asLong()).isEqualTo(Math.round(unmatchedSeconds / 60));
        assertThat(report.get("top_numbers").valueStream().filter(n -> n.get("number").asString().matches("3570[34].*")))
                .as("numbers in unassigned ranges").isNotEmpty()
                .allSatisfy(n -> assertThat(n.get("name").asString()).isEqualTo(names.get(n.get("number").asString())));
    }

    /** The original PBX names its own tenant whatever it is asked: its calls are no other tenant's. */
    @Test
    void anotherTenantsPullIsRefusedNamingBothAndStoresNothing() throws Exception {
        String other = "11111111-1111-4111-8111-111111111111";
        Map<String, String> asOther = Suite.tenantKey(other);
        String before = get(GATEWAY + "/cdr-service/cdr/get", asOther).body();
        HttpResponse<String> refused = send("POST", GATEWAY + "/cdr-service/cdr/update_cdr", asOther, null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(refused).get("detail").asString()).contains(tenant.toString()).contains(other);
        assertThat(get(GATEWAY + "/cdr-service/cdr/get", asOther).body()).isEqualTo(before);
        // Nor are unsigned webhooks taken for it: its connection is a signed PBX's.
        HttpResponse<String> unsigned = send("POST", GATEWAY + "/pbx-integration-service/pbx/webhook", Map.of("Tenant-UUID", other),
                "application/json", "{\"uuid\":\"original-aimed-" + UUID.randomUUID() + "\",\"action\":\"RING\"}");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(get(GATEWAY + "/cdr-service/cdr/get", asOther).body()).isEqualTo(before);
    }
}
