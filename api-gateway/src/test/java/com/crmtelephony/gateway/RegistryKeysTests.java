package com.crmtelephony.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys as the tenant registry says, with its answers believed for fresh-for (here 300 ms instead
 * of 5 s) and, while it cannot answer, keys it honoured still honoured for stale-for (here 2 s).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.registry.fresh-for=300ms",
        "crm.gateway.registry.stale-for=2s"})
class RegistryKeysTests extends GatewayTest {

    static final String TENANT = "44444444-4444-4444-8444-444444444444";

    private String add(String key, Registry.Key registered) {
        String hmac = GatewaySecurityTests.hmac(key);
        registry.keys.put(hmac, registered);
        return hmac;
    }

    private int status(HttpMethod method, String key) {
        return client.method(method).uri("/cdr-service/cdr/get").header("X-API-Key", key).exchange()
                .returnResult(String.class).getStatus().value();
    }

    /** Waits for the condition, up to a bound: what the gateway promises "within" a time. */
    private static void within(Duration bound, Supplier<Boolean> condition) {
        long until = System.nanoTime() + bound.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("within " + bound).isLessThan(until);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    @Test
    void aKeyIssuedInTheRegistryWorksAndARevokedOneIsRefusedWithinFreshFor() {
        String key = "crmk_issued-" + UUID.randomUUID();
        assertThat(status(HttpMethod.GET, key)).isEqualTo(401);
        String hmac = add(key, Registry.Key.tenant("issued", TENANT, "tenant"));
        within(Duration.ofSeconds(2), () -> status(HttpMethod.GET, key) == 200);
        assertThat(downstream.received.get(downstream.received.size() - 1).header("tenant-uuid")).isEqualTo(TENANT);
        registry.keys.remove(hmac);
        within(Duration.ofSeconds(2), () -> status(HttpMethod.GET, key) == 401);
        // Only its HMAC ever left the gateway.
        assertThat(registry.bodies).noneMatch(b -> b.contains(key)).anyMatch(b -> b.contains(hmac));
    }

    @Test
    void aReadOnlyKeyReadsAndEveryWriteIsRefusedBeforeAnyService() {
        String key = "crmk_reader-" + UUID.randomUUID();
        add(key, Registry.Key.tenant("reader", TENANT, "read-only"));
        assertThat(status(HttpMethod.GET, key)).isEqualTo(200);
        assertThat(status(HttpMethod.HEAD, key)).isEqualTo(200);
        downstream.received.clear();
        for (HttpMethod write : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            client.method(write).uri("/phonebook-service/phone_book/records").header("X-API-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("only read"));
        }
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aSuspendedTenantsKeyIsRefusedEverywhereAndItsLiftingTakesEffectWithinFreshFor() {
        String key = "crmk_suspended-" + UUID.randomUUID();
        String hmac = add(key, Registry.Key.tenant("suspended", TENANT, "tenant").suspended(true));
        for (String path : List.of("/cdr-service/cdr/get", "/phonebook-service/phone_book/records",
                "/pbx-integration-service/pbx/get_cdr", "/tenant-service/tenants/" + TENANT)) {
            client.get().uri(path).header("X-API-Key", key).exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("suspended"));
        }
        assertThat(downstream.received).isEmpty();
        registry.keys.computeIfPresent(hmac, (h, k) -> k.suspended(false));
        within(Duration.ofSeconds(2), () -> status(HttpMethod.GET, key) == 200);
    }

    @Test
    void eachKeyHasItsTenantsRateShareAndAnotherTenantsKeysKeepTheDefault() {
        String small = "crmk_small-" + UUID.randomUUID();
        add(small, Registry.Key.tenant("small", TENANT, "tenant").rate(0.1, 2));
        assertThat(status(HttpMethod.GET, small)).isEqualTo(200);
        assertThat(status(HttpMethod.GET, small)).isEqualTo(200);
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", small).exchange().expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After");
        for (int i = 0; i < 5; i++) {
            assertThat(status(HttpMethod.GET, "crm-demo-tenant2-key")).isEqualTo(200);
        }
    }

    @Test
    void withTheRegistryDownACheckedKeyWorksForStaleForAndAnUncheckedOneIs503() {
        assertThat(status(HttpMethod.GET, "crm-demo-tenant1-key")).isEqualTo(200);
        String fresh = "crmk_new-" + UUID.randomUUID();
        add(fresh, Registry.Key.tenant("new", TENANT, "tenant"));
        long down = System.nanoTime();
        registry.down = true;
        try {
            assertThat(status(HttpMethod.GET, "crm-demo-tenant1-key")).as("checked a moment ago").isEqualTo(200);
            client.get().uri("/cdr-service/cdr/get").header("X-API-Key", fresh).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("registry"));
            assertThat(status(HttpMethod.GET, "made-up")).as("not known wrong either").isEqualTo(503);
            within(Duration.ofSeconds(4), () -> status(HttpMethod.GET, "crm-demo-tenant1-key") == 503);
            // Checked at most fresh-for (300 ms) before it went down, so honoured until 1.7 s after
            // at the earliest; 1.5 s leaves room for a slow request, and without the stale answers
            // it would have been refused once fresh-for ran out.
            assertThat(System.nanoTime() - down).as("honoured at least until stale-for ran out")
                    .isGreaterThan(Duration.ofMillis(1500).toNanos());
        } finally {
            registry.down = false;
        }
        within(Duration.ofSeconds(2), () -> status(HttpMethod.GET, fresh) == 200);
        assertThat(status(HttpMethod.GET, "crm-demo-tenant1-key")).isEqualTo(200);
    }

    @Test
    void theConfiguredKeysWereHandedOverAsHmacsWithTheirTenantsAndTheAdminKey() {
        assertThat(registry.byName("demo-tenant-1").tenant()).hasToString("11111111-1111-4111-8111-111111111111");
        assertThat(registry.byName("demo-admin").role()).isEqualTo("admin");
        assertThat(registry.hmacOf("demo-tenant-1")).isEqualTo(GatewaySecurityTests.hmac("crm-demo-tenant1-key"));
        assertThat(registry.bodies).noneMatch(b -> b.contains("crm-demo-tenant1-key"));
        client.get().uri("/cdr-service/cdr/reports").header("X-API-Key", "crm-demo-admin-key").exchange().expectStatus().isOk();
    }
}
