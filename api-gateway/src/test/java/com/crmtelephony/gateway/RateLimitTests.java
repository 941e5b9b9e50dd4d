package com.crmtelephony.gateway;

import org.junit.jupiter.api.Test;

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
    }
}
