package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.ADMIN_KEY;
import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant registry (tenant-service) through the gateway: an admin registers a tenant and
 * issues it a key, shown once; a tenant's key reads no other tenant's record or keys, and writes
 * nothing; bad input is 400 problem+json naming the field, with nothing stored. The gateway checks
 * every key against it: a key issued or revoked, a suspension, a rate share, all in effect within
 * 5 s; read-only keys only read.
 */
class TenantRegistryIT {

    static final String TENANTS = GATEWAY + "/tenant-service/tenants";
    static final Map<String, String> ADMIN = Map.of("X-API-Key", ADMIN_KEY);
    static final String DEMO_TENANT = "11111111-1111-4111-8111-111111111111";

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static long registered() throws Exception {
        HttpResponse<String> list = get(TENANTS + "?size=1", ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        return Long.parseLong(list.headers().firstValue("X-Total-Count").orElseThrow());
    }

    @Test
    void anAdminRegistersATenantAndIssuesItAKeyShownOnce() throws Exception {
        HttpResponse<String> created = send("POST", TENANTS, ADMIN, "application/json",
                "{\"name\":\"E2E " + UUID.randomUUID() + "\",\"region\":\"GB\",\"timeZone\":\"Europe/London\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = body(created).get("id").asString();
        assertThat(body(get(TENANTS + "/" + id, ADMIN)).get("timeZone").asString()).isEqualTo("Europe/London");

        HttpResponse<String> issued = send("POST", TENANTS + "/" + id + "/keys", ADMIN, "application/json",
                "{\"name\":\"crm-sync\",\"role\":\"read-only\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String key = body(issued).get("key").asString();
        assertThat(key).startsWith("crmk_");
        HttpResponse<String> keys = get(TENANTS + "/" + id + "/keys", ADMIN);
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains("crm-sync").doesNotContain(key.substring(12));

        // Another tenant's key: neither the record nor its keys exist for it, and it writes nothing.
        assertThat(get(TENANTS + "/" + id, tenantKey(DEMO_TENANT)).statusCode()).isEqualTo(404);
        assertThat(get(TENANTS + "/" + id + "/keys", tenantKey(DEMO_TENANT)).statusCode()).isEqualTo(404);
        assertThat(send("POST", TENANTS + "/" + id + "/keys", tenantKey(DEMO_TENANT), "application/json",
                "{\"name\":\"stolen\"}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", TENANTS + "/" + id, tenantKey(DEMO_TENANT), null, null).statusCode()).isEqualTo(403);
        assertThat(body(get(TENANTS + "/" + id + "/keys", ADMIN)).size()).isEqualTo(1);
        assertThat(body(get(TENANTS + "/" + id, ADMIN)).has("suspendedAt")).isFalse();
    }

    @Test
    void badInputIsABadRequestNamingTheFieldWithNothingStored() throws Exception {
        long before = registered();
        for (String[] bad : new String[][] {
                {"{\"name\":\"E2E bad\",\"region\":\"XX\"}", "region"},
                {"{\"name\":\"E2E bad\",\"timeZone\":\"Mars/Olympus\"}", "timeZone"},
                {"{\"name\":\"E2E\\u0000bad\"}", "name"},
                {"{\"name\":\"" + "n".repeat(101) + "\"}", "name"}}) {
            HttpResponse<String> refused = send("POST", TENANTS, ADMIN, "application/json", bad[0]);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = body(refused);
            assertThat(problem.get("detail").asString()).contains(bad[1]);
        }
        assertThat(send("POST", TENANTS, tenantKey(DEMO_TENANT), "application/json", "{\"name\":\"E2E by a tenant\"}").statusCode())
                .isEqualTo(403);
        assertThat(send("POST", TENANTS, Map.of(), "application/json", "{\"name\":\"E2E by nobody\"}").statusCode())
                .isEqualTo(401);
        assertThat(registered()).isEqualTo(before);
    }

    /** A tenant of this test's own and a key of the given role for it: {id, key, keyId}. */
    /**
     * Issue 39: the services read a tenant's region, zone and shares from the registry. A Greek
     * tenant in Kolkata's zone with one stream: its national numbers are Greek in the phone book,
     * its report's days are Kolkata's, and its second stream is 429 naming the share.
     */
    @Test
    void theServicesTakeATenantsRegionZoneAndSharesFromTheRegistry() throws Exception {
        String[] tenant = tenantWithKey("tenant", ",\"region\":\"GR\",\"timeZone\":\"Asia/Kolkata\"");
        assertThat(send("PUT", TENANTS + "/" + tenant[0] + "/shares", ADMIN, "application/json", "{\"streams\":1}")
                .statusCode()).isEqualTo(200);
        Map<String, String> key = Map.of("X-API-Key", tenant[1]);

        assertThat(send("POST", GATEWAY + "/phonebook-service/phone_book/records", key, "application/json",
                "[{\"callerNumber\":\"694 123 4567\",\"name\":\"Eleni\"}]").statusCode()).isEqualTo(200);
        HttpResponse<String> found = get(GATEWAY + "/phonebook-service/phone_book/records/00306941234567", key);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(body(found).get("name").asString()).isEqualTo("Eleni");

        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", key, "application/json", """
                [{"uuid":"%s","direction":"inbound","caller_number":"6941234567","destination_number":"201",
                  "call_start":"2024-05-05T20:00:00Z","answer_start":"2024-05-05T20:00:10Z","call_end":"2024-05-05T20:02:10Z",
                  "action":"HANGUP"}]""".formatted(UUID.randomUUID())).statusCode()).isEqualTo(200);
        JsonNode report = body(get(GATEWAY + "/cdr-service/cdr/report", key));
        assertThat(report.get("tz").asString()).isEqualTo("Asia/Kolkata");
        assertThat(report.get("calls_per_day").get(0).get("date").asString()).as("20:00 UTC is the next day there")
                .isEqualTo("2024-05-06");

        try (LiveCallsIT.Stream first = new LiveCallsIT.Stream(key, null)) {
            assertThat(first.response.statusCode()).isEqualTo(200);
            HttpResponse<String> second = get(GATEWAY + "/cdr-service/cdr/events",
                    Map.of("X-API-Key", key.get("X-API-Key"), "Accept", "text/event-stream"));
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(body(second).get("share").asString()).isEqualTo("streams");
            assertThat(body(second).get("limit").asInt()).isEqualTo(1);
        }
    }

    static String[] tenantWithKey(String role) throws Exception {
        return tenantWithKey(role, "");
    }

    /** @param fields more of the new tenant's fields, each after a comma ({@code ,"region":"GR"}) */
    static String[] tenantWithKey(String role, String fields) throws Exception {
        HttpResponse<String> created = send("POST", TENANTS, ADMIN, "application/json",
                "{\"name\":\"E2E " + UUID.randomUUID() + "\"" + fields + "}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = body(created).get("id").asString();
        HttpResponse<String> issued = send("POST", TENANTS + "/" + id + "/keys", ADMIN, "application/json",
                "{\"name\":\"e2e\",\"role\":\"" + role + "\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        return new String[] {id, body(issued).get("key").asString(), body(issued).get("id").asString()};
    }

    private static int status(String method, String path, String key) throws Exception {
        return send(method, GATEWAY + path, Map.of("X-API-Key", key), "application/json", method.equals("GET") ? null : "{}")
                .statusCode();
    }

    /** What the gateway promises within 5 s, given a second more for the round trips. */
    private static final Duration WITHIN = Duration.ofSeconds(6);

    @Test
    void aKeyIssuedThroughTheApiWorksAtOnceAndARevokedOneIsRefusedWithin5Seconds() throws Exception {
        String[] tenant = tenantWithKey("tenant");
        long issued = System.nanoTime();
        assertThat(status("GET", "/tenant-service/tenants/" + tenant[0], tenant[1])).isEqualTo(200);
        assertThat(status("GET", "/cdr-service/cdr/get", tenant[1])).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - issued)).isLessThan(WITHIN);
        assertThat(send("DELETE", TENANTS + "/" + tenant[0] + "/keys/" + tenant[2], ADMIN, null, null).statusCode()).isEqualTo(204);
        long revoked = System.nanoTime();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> status("GET", "/cdr-service/cdr/get", tenant[1]) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(WITHIN);
        // Its last use is in the registry's list, never the key.
        JsonNode keys = body(get(TENANTS + "/" + tenant[0] + "/keys", ADMIN));
        assertThat(keys.get(0).get("lastUsedAt").asString()).isNotEmpty();
        assertThat(keys.toString()).doesNotContain(tenant[1].substring(12));
    }

    @Test
    void aReadOnlyKeyReadsAndIsRefusedOnEveryWriteWithNothingStored() throws Exception {
        String[] reader = tenantWithKey("read-only");
        assertThat(status("GET", "/cdr-service/cdr/get", reader[1])).isEqualTo(200);
        assertThat(status("GET", "/phonebook-service/phone_book/records", reader[1])).isEqualTo(200);
        for (String[] write : new String[][] {{"POST", "/phonebook-service/phone_book/records"},
                {"PUT", "/phonebook-service/phone_book/records"}, {"DELETE", "/phonebook-service/phone_book/records/+35799123456"},
                {"POST", "/cdr-service/cdr/update_cdr"}, {"POST", "/cdr-service/cdr/webhooks"},
                {"POST", "/tenant-service/tenants/" + reader[0] + "/keys"}, {"PATCH", "/tenant-service/tenants/" + reader[0]}}) {
            HttpResponse<String> refused = send(write[0], GATEWAY + write[1], Map.of("X-API-Key", reader[1]), "application/json",
                    "{\"name\":\"x\",\"phone\":\"+35799123456\"}");
            assertThat(refused.statusCode()).as(write[0] + " " + write[1]).isEqualTo(403);
            assertThat(body(refused).get("detail").asString()).contains("only read");
        }
        HttpResponse<String> records = get(GATEWAY + "/phonebook-service/phone_book/records", Map.of("X-API-Key", reader[1]));
        assertThat(body(records).toString()).doesNotContain("35799123456");
        assertThat(body(get(TENANTS + "/" + reader[0] + "/keys", ADMIN)).size()).isEqualTo(1);
    }

    @Test
    void aSuspendedTenantIsRefusedEverywhereWithin5SecondsAndLiftingItLetsItBackIn() throws Exception {
        String[] tenant = tenantWithKey("tenant");
        List<String> paths = List.of("/cdr-service/cdr/get", "/phonebook-service/phone_book/records",
                "/pbx-integration-service/pbx/get_cdr", "/tenant-service/tenants/" + tenant[0]);
        for (String path : paths) {
            assertThat(status("GET", path, tenant[1])).as(path).isNotIn(401, 403);
        }
        assertThat(send("DELETE", TENANTS + "/" + tenant[0], ADMIN, null, null).statusCode()).isEqualTo(204);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> status("GET", "/cdr-service/cdr/get", tenant[1]) == 403);
        for (String path : paths) {
            HttpResponse<String> refused = get(GATEWAY + path, Map.of("X-API-Key", tenant[1]));
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(body(refused).get("detail").asString()).contains("suspended");
        }
        assertThat(send("PATCH", TENANTS + "/" + tenant[0], ADMIN, "application/json", "{\"suspended\":false}").statusCode())
                .isEqualTo(200);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> status("GET", "/cdr-service/cdr/get", tenant[1]) == 200);
    }

    @Test
    void aTenantsRateShareTakesEffectWithin5SecondsAndAnotherTenantKeepsItsOwn() throws Exception {
        String[] small = tenantWithKey("tenant");
        assertThat(send("PUT", TENANTS + "/" + small[0] + "/shares", ADMIN, "application/json",
                "{\"requestsPerSecond\":0.05,\"burst\":3}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> status("GET", "/cdr-service/cdr/get", small[1]) == 429);
        HttpResponse<String> limited = get(GATEWAY + "/cdr-service/cdr/get", Map.of("X-API-Key", small[1]));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        for (int i = 0; i < 5; i++) {
            assertThat(status("GET", "/cdr-service/cdr/get", Suite.TENANT_KEYS.get(DEMO_TENANT))).isEqualTo(200);
        }
    }

    @Test
    void anAdminKeyIssuedThroughTheApiActsAsAnAdminUntilRevoked() throws Exception {
        HttpResponse<String> issued = send("POST", GATEWAY + "/tenant-service/admin-keys", ADMIN, "application/json",
                "{\"name\":\"e2e-operator\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String key = body(issued).get("key").asString();
        assertThat(status("GET", "/cdr-service/cdr/audit", key)).isEqualTo(200);
        assertThat(status("GET", "/cdr-service/cdr/audit", Suite.TENANT_KEYS.get(DEMO_TENANT))).isEqualTo(403);
        assertThat(status("GET", "/tenant-service/admin-keys", Suite.TENANT_KEYS.get(DEMO_TENANT))).isEqualTo(403);
        assertThat(send("DELETE", GATEWAY + "/tenant-service/admin-keys/" + body(issued).get("id").asString(), ADMIN, null, null)
                .statusCode()).isEqualTo(204);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> status("GET", "/cdr-service/cdr/audit", key) == 401);
        // The gateway's own calls to the registry are no route for anyone, admin or not.
        for (String internal : List.of("/tenant-service/keys/lookup", "/tenant-service/keys/import",
                "/tenant-service/pbx-connections/import", "/tenant-service/pbx-connections/status")) {
            assertThat(send("POST", GATEWAY + internal, ADMIN, "application/json", "{\"hmac\":\"" + "0".repeat(64) + "\"}")
                    .statusCode()).as(internal).isEqualTo(404);
        }
    }

    @Test
    void theDeploymentsConfiguredTenantsAreInTheRegistryAndEveryRegistryWriteIsAudited() throws Exception {
        for (String tenant : Suite.TENANT_KEYS.keySet()) {
            HttpResponse<String> own = get(TENANTS + "/" + tenant, tenantKey(tenant));
            assertThat(own.statusCode()).as(tenant).isEqualTo(200);
            assertThat(body(own).get("id").asString()).isEqualTo(tenant);
            // The configured PBX (PBX_URL, PBX_TENANTS) was handed to the registry: a connection each, secret never shown.
            JsonNode pbx = body(get(TENANTS + "/" + tenant + "/pbx", tenantKey(tenant)));
            assertThat(pbx.get("baseUrl").asString()).as(tenant).isEqualTo("lb://mock-pbx");
            assertThat(pbx.get("kind").asString()).isEqualTo("signed");
            assertThat(pbx.has("webhookSecret")).isFalse();
        }
        // The PBX connections with their secrets are pbx-integration-service's alone: no route, admin or not;
        // so are tenants' profiles, the services' own reading.
        assertThat(get(GATEWAY + "/tenant-service/pbx-connections", ADMIN).statusCode()).isEqualTo(404);
        assertThat(get(GATEWAY + "/tenant-service/profiles/" + DEMO_TENANT, ADMIN).statusCode()).isEqualTo(404);
        String[] tenant = tenantWithKey("tenant");
        send("PUT", TENANTS + "/" + tenant[0] + "/shares", ADMIN, "application/json", "{\"jobs\":2}");
        send("DELETE", TENANTS + "/" + tenant[0] + "/keys/" + tenant[2], ADMIN, null, null);
        JsonNode audit = body(get(TENANTS + "/audit?limit=200", ADMIN));
        String trail = audit.toString();
        assertThat(trail).contains("/tenants/" + tenant[0] + "/keys").contains("/tenants/" + tenant[0] + "/shares")
                .contains("/tenants/" + tenant[0] + "/keys/" + tenant[2]);
    }
}
