package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
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

/**
 * The tenant registry (tenant-service) through the gateway: an admin registers a tenant and
 * issues it a key, shown once; a tenant's key reads no other tenant's record or keys, and writes
 * nothing; bad input is 400 problem+json naming the field, with nothing stored.
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
}
