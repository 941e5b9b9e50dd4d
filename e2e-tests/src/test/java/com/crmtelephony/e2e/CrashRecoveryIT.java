package com.crmtelephony.e2e;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * cdr-service killed as a crash kills it (SIGKILL): its embedded PostgreSQL outlives it, holding
 * the data directory. {@code scripts/suite.sh start} brings it back on the same data, and leaves
 * every other service running as it was.
 */
class CrashRecoveryIT {

    @Test
    void aStartAfterAKillBringsTheDeadServiceBackOnItsDataAndLeavesTheOthersRunning() throws Exception {
        SuiteProcess suite = Suite.get();
        UUID tenant = UUID.randomUUID();
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", Suite.admin(tenant), "application/json", """
                [{"uuid":"crash-1","caller_number":35799000001,"direction":"inbound",
                  "call_start":"2026-11-30T10:00:00Z","action":"HANGUP"}]""").statusCode()).isEqualTo(200);
        Map<String, String> before = pids(suite);

        suite.kill("cdr-service");
        suite.start();

        Map<String, String> after = pids(suite);
        assertThat(after.get("cdr-service")).isNotEqualTo(before.get("cdr-service"));
        before.remove("cdr-service");
        after.remove("cdr-service");
        assertThat(after).as("the other services were not restarted").isEqualTo(before);
        assertThat(body(get(GATEWAY + "/cdr-service/cdr/get", Suite.admin(tenant))).get(0).get("uuid").asString())
                .isEqualTo("crash-1");
    }

    private static Map<String, String> pids(SuiteProcess suite) throws Exception {
        Map<String, String> pids = new HashMap<>();
        try (var files = Files.list(suite.runDir.resolve("pids"))) {
            for (var file : (Iterable<java.nio.file.Path>) files::iterator) {
                pids.put(file.getFileName().toString().replace(".pid", ""), Files.readString(file).trim());
            }
        }
        return pids;
    }
}
