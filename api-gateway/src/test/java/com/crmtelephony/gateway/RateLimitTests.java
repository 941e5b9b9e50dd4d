package com.crmtelephony.gateway;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** A key that spends its burst waits; other keys do not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.rate-limit.requests-per-second=0.2",
        "crm.gateway.rate-limit.burst=3"})
class RateLimitTests extends GatewayTest {


    @Test
    void theRequestOverTheBurstIs429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant3-key").exchange()
                    .expectStatus().isOk();
        }
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant3-key").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5");
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant2-key").exchange()
                .expectStatus().isOk();
        assertThat(downstream.received).hasSize(4);

        // The tenants' dashboard: each tenant's requests by outcome, its rate limit's 429 its own.
        assertThat(requests(TENANT_3, "2xx")).isEqualTo(3);
        assertThat(requests(TENANT_3, "429")).isEqualTo(1);
        assertThat(requests(TENANT_3, "5xx")).as("there from the tenant's first request, at 0").isZero();
        assertThat(requests(TENANT_2, "2xx")).isEqualTo(1);
        assertThat(requests(TENANT_2, "429")).isZero();
        // Admin keys are no tenant's.
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-admin-key").exchange().expectStatus().isOk();
        assertThat(meters.find("gateway.tenant.requests").counters()).extracting(c -> c.getId().getTag("tenant"))
                .containsOnly(TENANT_3, TENANT_2);
    }

    static final String TENANT_2 = "22222222-2222-4222-8222-222222222222";
    static final String TENANT_3 = "33333333-3333-4333-8333-333333333333";

    @Autowired
    MeterRegistry meters;

    private double requests(String tenant, String outcome) {
        return meters.get("gateway.tenant.requests").tag("tenant", tenant).tag("outcome", outcome).counter().count();
    }
}
