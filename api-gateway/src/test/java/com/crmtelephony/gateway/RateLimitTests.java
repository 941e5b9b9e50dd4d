package com.crmtelephony.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A key that spends its burst waits; other keys do not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.rate-limit.requests-per-second=0.2",
        "crm.gateway.rate-limit.burst=3"})
class RateLimitTests {

    static final Downstream downstream = new Downstream();

    @DynamicPropertySource
    static void discovery(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.cdr-service[0].uri", downstream::url);
    }

    @AfterAll
    static void stop() {
        downstream.stop();
    }

    @LocalServerPort
    int port;

    @Test
    void theRequestOverTheBurstIs429WithRetryAfter() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
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
