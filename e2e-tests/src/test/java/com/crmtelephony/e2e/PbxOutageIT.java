package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The PBX stops: syncs answer 503 and change nothing; it comes back: the next sync completes. */
class PbxOutageIT {

    static final Map<String, String> AS_TENANT = Suite.tenantKey("33333333-3333-4333-8333-333333333333");
    static final String UPDATE = GATEWAY + "/cdr-service/cdr/update_cdr";

    static int storedCalls() throws Exception {
        return body(get(GATEWAY + "/cdr-service/cdr/get", AS_TENANT)).size();
    }

    @Test
    void withThePbxStoppedASyncIs503AndTheNextOneAfterItsReturnCompletes() throws Exception {
        SuiteProcess suite = Suite.get();
        int before = storedCalls();
        suite.kill("mock-pbx");
        try {
            HttpResponse<String> refused = send("POST", UPDATE, AS_TENANT, null, null);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(body(refused).get("detail").asString()).contains("unavailable");
            assertThat(storedCalls()).isEqualTo(before);
        } finally {
            suite.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> send("POST", UPDATE, AS_TENANT, null, null).statusCode() == 200);
        assertThat(storedCalls()).isGreaterThanOrEqualTo(Math.max(before, 20));
        // The restarted PBX counts its feed from the start again: the sync saw it and read it
        // whole, so every call the PBX has is stored, and each ended call as ended.
        Map<String, String> stored = new java.util.HashMap<>();
        body(get(GATEWAY + "/cdr-service/cdr/get", AS_TENANT)).forEach(c -> stored.put(c.get("uuid").asString(),
                c.get("action").asString()));
        // Read straight from the PBX through its adapter, which may still be closing its circuit to
        // the PBX (half-open after the outage): a refusal meanwhile is awaited, and named if it lasts.
        AtomicReference<HttpResponse<String>> read = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            read.set(get(GATEWAY + "/pbx-integration-service/pbx/calls?since=0&limit=5000", AS_TENANT));
            assertThat(read.get().statusCode()).as("the PBX's feed: %s", read.get().body()).isEqualTo(200);
        });
        JsonNode feed = body(read.get()).get("data");
        assertThat(feed.size()).isPositive();
        feed.forEach(call -> {
            String uuid = call.get("uuid").asString();
            assertThat(stored).as("call %s", uuid).containsKey(uuid);
            if ("HANGUP".equals(call.get("action").asString())) {
                assertThat(stored.get(uuid)).as("call %s", uuid).isEqualTo("HANGUP");
            }
        });
    }
}
