package com.crmtelephony.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source sending made-up keys: once over its budget of wrong keys, the gateway refuses its
 * unchecked keys without asking the registry (a flood costs tenant-service nothing), while a key
 * it checked a moment ago still works from there.
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
    void aSourceOverItsBudgetOfWrongKeysCostsTheRegistryNothingMoreAndAValidKeyStillWorks() {
        assertThat(status("crm-demo-tenant2-key")).isEqualTo(200);
        int before = registry.bodies.size();
        for (int i = 0; i < 5; i++) {
            assertThat(status("crmk_made-up-" + UUID.randomUUID())).isEqualTo(401);
        }
        assertThat(registry.bodies.size() - before).as("each made-up key within the budget was asked about").isEqualTo(5);
        int over = registry.bodies.size();
        for (int i = 0; i < 50; i++) {
            assertThat(status("crmk_made-up-" + UUID.randomUUID())).isEqualTo(429);
        }
        // The first past the budget is asked about (it is what finds the source over); no other.
        assertThat(registry.bodies.size() - over).as("made-up keys that reached the registry past the budget").isEqualTo(1);
        assertThat(status("crm-demo-tenant2-key")).as("a key checked a moment ago").isEqualTo(200);
        assertThat(downstream.received).hasSize(2);
    }
}
