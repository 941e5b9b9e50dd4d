package com.crmtelephony.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the demo profile config-repo has no API key hashes: a gateway started without them
 * refuses to start and names the missing variable, instead of falling back to the demo keys; nor
 * does one without its token signing key, which not even the demo profile has.
 */
class SecretsFailClosedTests {

    private static final String SIGNING_KEY = "--GATEWAY_TOKEN_SIGNING_KEY=" + TestTokens.privateKey(TestTokens.GATEWAY);

    @Test
    void withoutItsKeySecretTheGatewayDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.config.import=file:../config-repo/api-gateway.yml", "--spring.profiles.active=default",
                "--server.port=0", "--management.server.port=0", SIGNING_KEY).close())
                .hasStackTraceContaining("API_KEY_SECRET");
    }

    @Test
    void withoutItsTokenSigningKeyTheGatewayDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.config.import=file:../config-repo/api-gateway.yml", "--spring.profiles.active=demo",
                "--server.port=0", "--management.server.port=0").close())
                .hasStackTraceContaining("GATEWAY_TOKEN_SIGNING_KEY");
    }

    @Test
    void aConfiguredKeyWhoseHmacIsNotSetStopsTheStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
                "--spring.config.import=file:../config-repo/api-gateway.yml", "--spring.profiles.active=default",
                "--crm.gateway.key-secret=a-secret-of-this-test", "--server.port=0", "--management.server.port=0",
                "--crm.gateway.api-keys[0].name=legacy", "--crm.gateway.api-keys[0].hmac=${API_KEY_LEGACY_HMAC}",
                "--crm.gateway.api-keys[0].tenant=11111111-1111-4111-8111-111111111111", SIGNING_KEY).close())
                .hasStackTraceContaining("API_KEY_LEGACY_HMAC");
    }
}
