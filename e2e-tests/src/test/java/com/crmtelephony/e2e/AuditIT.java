package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.admin;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail through the gateway: an admin key's reads and actions in each service are
 * recorded there, with the key's name, the tenant, the status and the request's trace id; a
 * tenant key neither reads the trail nor leaves entries in it.
 */
class AuditIT {

    static final Map<String, String> TRAILS = Map.of(
            "/cdr-service/cdr/get", "/cdr-service/cdr/audit",
            "/phonebook-service/phone_book/records", "/phonebook-service/phone_book/audit",
            "/pbx-integration-service/pbx/inbox", "/pbx-integration-service/pbx/audit");

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    @Test
    void anAdminsReadOfATenantsDataIsRecordedInTheServiceThatAnsweredIt() throws Exception {
        UUID tenant = UUID.randomUUID();
        for (Map.Entry<String, String> service : TRAILS.entrySet()) {
            String trace = UUID.randomUUID().toString().replace("-", "");
            Map<String, String> headers = new java.util.HashMap<>(admin(tenant));
            headers.put("traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
            assertThat(get(GATEWAY + service.getKey(), headers).statusCode()).as(service.getKey()).isEqualTo(200);

            HttpResponse<String> trail = get(GATEWAY + service.getValue() + "?tenant=" + tenant, admin(tenant));
            assertThat(trail.statusCode()).as(trail.body()).isEqualTo(200);
            JsonNode entry = body(trail).get(0);
            assertThat(entry.get("keyName").asString()).as(service.getValue()).contains("admin");
            assertThat(entry.get("method").asString()).isEqualTo("GET");
            // As the service got it: behind the gateway's prefix.
            assertThat(entry.get("path").asString()).isEqualTo(service.getKey());
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("traceId").asString()).isEqualTo(trace);

            HttpResponse<String> refused = get(GATEWAY + service.getValue(), tenantKey("33333333-3333-4333-8333-333333333333"));
            assertThat(refused.statusCode()).as(service.getValue()).isEqualTo(403);
        }
        // A tenant's own reads are the tenant's business: not in the trail (its writes to webhook
        // endpoints, erasures, retention and exports are: the next test).
        String tenantThree = "33333333-3333-4333-8333-333333333333";
        assertThat(get(GATEWAY + "/cdr-service/cdr/get?size=1", tenantKey(tenantThree)).statusCode()).isEqualTo(200);
        assertThat(body(get(GATEWAY + "/cdr-service/cdr/audit?tenant=" + tenantThree, Map.of("X-API-Key", Suite.ADMIN_KEY)))
                .valueStream().filter(e -> !e.get("keyName").asString().contains("admin") && e.get("path").asString().equals("/cdr-service/cdr/get")))
                .isEmpty();
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/audit", tenantKey(tenantThree), null, null).statusCode())
                .isEqualTo(403);
    }

    /** Issue 37: a tenant key's export is in the trail, with its key and tenant, through the gateway. */
    @Test
    void aTenantKeysExportIsRecorded() throws Exception {
        String tenantTwo = "22222222-2222-4222-8222-222222222222";
        String trace = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> headers = new java.util.HashMap<>(tenantKey(tenantTwo));
        headers.put("traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
        assertThat(get(GATEWAY + "/cdr-service/cdr/export", headers).statusCode()).isEqualTo(200);
        JsonNode trail = body(get(GATEWAY + "/cdr-service/cdr/audit?tenant=" + tenantTwo, Map.of("X-API-Key", Suite.ADMIN_KEY)));
        assertThat(trail.valueStream().filter(e -> trace.equals(e.path("traceId").asString(null))))
                .singleElement().satisfies(e -> {
                    // As the service got it: behind the gateway's prefix.
                    assertThat(e.get("path").asString()).isEqualTo("/cdr-service/cdr/export");
                    assertThat(e.get("keyName").asString()).doesNotContain("admin");
                    assertThat(e.get("tenant").asString()).isEqualTo(tenantTwo);
                });
    }
}
