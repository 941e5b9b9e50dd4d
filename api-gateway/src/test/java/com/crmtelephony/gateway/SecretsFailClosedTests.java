package com.crmtelephony.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the demo profile config-repo has no API key hashes: a gateway started without them
 * refuses to start and names the missing variable, instead of falling back to the demo keys.
 */
class SecretsFailClosedTests {

    @Test
    void withoutItsKeySecretTheGatewayDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.config.import=file:../config-repo/api-gateway.yml", "--spring.profiles.active=default",
                "--server.port=0", "--management.server.port=0").close())
                .hasStackTraceContaining("API_KEY_SECRET");
    }

    @Test
    void withoutItsKeyHmacsTheGatewayDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.config.import=file:../config-repo/api-gateway.yml", "--spring.profiles.active=default",
                "--crm.gateway.key-secret=a-secret-of-this-test", "--server.port=0", "--management.server.port=0").close())
                .hasStackTraceContaining("API_KEY_TENANT1_HMAC");
    }
}
