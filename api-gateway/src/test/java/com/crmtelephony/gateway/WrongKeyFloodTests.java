package com.crmtelephony.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source sending made-up keys: once over its budget of wrong keys, its unchecked keys are looked
 * up at 2 a second at most (a flood costs tenant-service that), a new valid key of its still gets
 * its lookup, and a key checked a moment ago still works from the cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        // A check believed for longer than the test runs, however slow the machine.
        "crm.gateway.registry.fresh-for=30s",
        "crm.gateway.auth-failure-limit.requests-per-second=0.01",
        "crm.gateway.auth-failure-limit.burst=5"})
class WrongKeyFloodTests extends GatewayTest {

    private int status(String key) {
        return client.get().uri("/cdr-service/cdr/get").header("X-API-Key", key).exchange()
                .returnResult(String.class).getStatus().value();
    }

    @Test
    void aSourceOverItsBudgetOfWrongKeysCostsTheRegistryTwoLookupsASecondAndValidKeysStillWork() {
        assertThat(status("crm-demo-tenant2-key")).isEqualTo(200);
        int before = registry.bodies.size();
        for (int i = 0; i < 5; i++) {
            assertThat(status("crmk_made-up-" + UUID.randomUUID())).isEqualTo(401);
        }
        assertThat(registry.bodies.size() - before).as("each made-up key within the budget was asked about").isEqualTo(5);
        int over = registry.bodies.size();
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(status("crmk_made-up-" + UUID.randomUUID())).isEqualTo(429);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // The first past the budget is asked about (it is what finds the source over), then a
        // burst of 2 and 2 a second.
        assertThat(registry.bodies.size() - over).as("made-up keys that reached the registry in %.1f s past the budget", seconds)
                .isLessThanOrEqualTo(1 + 2 + (int) Math.ceil(2 * seconds)).isLessThan(50);
        assertThat(status("crm-demo-tenant2-key")).as("a key checked a moment ago").isEqualTo(200);
        // A key never seen before, from the same address, once the lookups' bucket has a token again.
        registry.keys.put(GatewaySecurityTests.hmac("crmk_flood-valid"), Registry.Key.tenant("flood-valid",
                "44444444-4444-4444-8444-444444444444", "tenant"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).pollInterval(java.time.Duration.ofMillis(600))
                .until(() -> status("crmk_flood-valid") == 200);
    }
}
