package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.ADMIN_KEY;
import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tenant-service killed (SIGKILL): keys the gateway checked within its stale-for (10 min) keep
 * working; a key it never checked gets 503 with Retry-After, not 401, since the gateway cannot
 * say it is wrong. Started again, the new key works.
 */
class RegistryOutageIT {

    private static final String CDR = GATEWAY + "/cdr-service/cdr/get?page=0&size=1";

    @Test
    void withTheRegistryKilledCheckedKeysKeepWorkingAndANewOneIs503UntilItIsBack() throws Exception {
        SuiteProcess suite = Suite.get();
        Map<String, String> admin = Map.of("X-API-Key", ADMIN_KEY);
        Map<String, String> known = Suite.tenantKey("11111111-1111-4111-8111-111111111111");
        HttpResponse<String> created = send("POST", GATEWAY + "/tenant-service/tenants", admin, "application/json",
                "{\"name\":\"Outage " + UUID.randomUUID() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String tenant = body(created).get("id").asString();
        HttpResponse<String> issued = send("POST", GATEWAY + "/tenant-service/tenants/" + tenant + "/keys", admin,
                "application/json", "{\"name\":\"issued-before-the-outage\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        Map<String, String> fresh = Map.of("X-API-Key", body(issued).get("key").asString());
        assertThat(get(CDR, known).statusCode()).isEqualTo(200);
        Map<String, String> adminForTenant = Suite.admin(UUID.fromString(tenant));
        assertThat(get(CDR, adminForTenant).statusCode()).isEqualTo(200);

        suite.kill("tenant-service");
        try {
            // Until the known key's check is past the 5 s it is fresh for, and the gateway honours it
            // from its earlier check (counted): every answer meanwhile is 200.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(get(CDR, known).statusCode()).as("a key checked before the outage").isEqualTo(200);
                return staleChecks() > 0;
            });
            for (int i = 0; i < 3; i++) {
                assertThat(get(CDR, known).statusCode()).as("a key checked before the outage").isEqualTo(200);
                assertThat(get(CDR, adminForTenant).statusCode()).as("the admin key, checked before").isEqualTo(200);
                HttpResponse<String> refused = get(CDR, fresh);
                assertThat(refused.statusCode()).as("a key never checked").isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).contains("5");
                assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(body(refused).get("detail").asString()).contains("registry");
            }
            assertThat(get(CDR, Map.of("X-API-Key", "crmk_made-up-" + UUID.randomUUID())).statusCode())
                    .as("nor is a made-up key called wrong while the registry cannot say").isEqualTo(503);
        } finally {
            suite.start();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> get(CDR, fresh).statusCode() == 200);
        assertThat(get(CDR, known).statusCode()).isEqualTo(200);
    }

    /** The gateway's count of keys honoured from an earlier check because the registry did not answer. */
    private static double staleChecks() throws Exception {
        String metrics = get("http://127.0.0.1:8666/actuator/prometheus", Suite.management()).body();
        return metrics.lines().filter(l -> l.startsWith("gateway_keys_stale_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
