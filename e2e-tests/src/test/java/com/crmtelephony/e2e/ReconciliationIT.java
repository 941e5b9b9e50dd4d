package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation report through the gateway, against the PBX dropping a call on purpose
 * (mock-pbx's DROPPED outcome: every webhook of it lost): the report finds the call missing
 * from the stored ones; a sync brings it, and the report then has it stored.
 */
class ReconciliationIT {

    static final String TENANT = "33333333-3333-4333-8333-333333333333";
    static final String REPORT = GATEWAY + "/cdr-service/cdr/reconciliation?days=2";

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    static boolean missing(JsonNode report, String call) {
        return report.get("days").valueStream().anyMatch(d -> d.get("missingSample").valueStream()
                .anyMatch(id -> id.asString().equals(call)));
    }

    static long figure(JsonNode report, String name) {
        return report.get("days").valueStream().mapToLong(d -> d.get(name).asLong()).sum();
    }

    @Test
    void aCallThePbxDroppedIsMissingUntilASyncBringsIt() throws Exception {
        HttpResponse<String> fired = get(Suite.MOCK_PBX + "/trigger_webhooks?outcome=DROPPED", Map.of("Tenant-UUID", TENANT));
        assertThat(fired.statusCode()).isEqualTo(200);
        String call = fired.headers().firstValue("X-Call-UUID").orElseThrow();
        // The PBX plays it (its records have it within a few seconds); no webhook comes.
        JsonNode before = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> body(get(REPORT, tenantKey(TENANT))), r -> missing(r, call) || figure(r, "missingCalls") > 20);
        assertThat(figure(before, "missingCalls")).isPositive();
        assertThat(before.get("pbxComplete").asBoolean()).isTrue();
        assertThat(figure(before, "pbxCalls")).isGreaterThanOrEqualTo(figure(before, "missingCalls"));

        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/update_cdr", tenantKey(TENANT), null, null).statusCode())
                .isEqualTo(200);
        JsonNode after = body(get(REPORT, tenantKey(TENANT)));
        assertThat(missing(after, call)).isFalse();
        assertThat(figure(after, "missingCalls")).isLessThan(figure(before, "missingCalls"));
        assertThat(get(GATEWAY + "/cdr-service/cdr/get?size=500", tenantKey(TENANT)).body()).contains(call);
    }
}
