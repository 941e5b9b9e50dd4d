package com.crmtelephony.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The public webhook route has a rate of its own per source address, and a smaller body limit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.webhook-max-request-size=256B",
        "crm.gateway.webhook-rate-limit.requests-per-second=0.01",
        "crm.gateway.webhook-rate-limit.burst=2"})
class WebhookRouteLimitTests extends GatewayTest {

    static final String WEBHOOK = "/pbx-integration-service/pbx/webhook";

    @DynamicPropertySource
    static void pbxIntegration(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.pbx-integration-service[0].uri", downstream::url);
    }

    @Test
    void deliveriesOverTheRouteLimitAre429AndOverTheBodyLimit413() {
        for (int i = 0; i < 2; i++) {
            client.post().uri(WEBHOOK).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"uuid\":\"w" + i + "\"}")
                    .exchange().expectStatus().isOk();
        }
        client.post().uri(WEBHOOK).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"uuid\":\"w3\"}")
                .exchange().expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(downstream.received).hasSize(2);
        // An API route is not held to the webhook's rate.
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant1-key").exchange()
                .expectStatus().isOk();
    }

    @Test
    void aWebhookBodyOverItsOwnLimitIs413() {
        client.post().uri(WEBHOOK).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"uuid\":\"big\",\"caller_name\":\"" + "x".repeat(300) + "\"}")
                .exchange().expectStatus().isEqualTo(413);
    }
}
