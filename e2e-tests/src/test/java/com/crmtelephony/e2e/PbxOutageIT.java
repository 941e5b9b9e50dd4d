package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
    }
}
