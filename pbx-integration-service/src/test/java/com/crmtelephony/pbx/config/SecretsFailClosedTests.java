package com.crmtelephony.pbx.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import com.crmtelephony.pbx.PbxIntegrationApplication;
import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the demo profile the configuration in config-repo has no webhook secret and no tenant
 * list of its own, and no token keys: a service started without them refuses to start and names
 * what is missing.
 */
class SecretsFailClosedTests {

    /** As arguments, which outrank whatever this machine's environment holds; each named once. */
    private static void start(String... overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("spring.config.import", "file:../config-repo/application.yml,file:../config-repo/pbx-integration-service.yml");
        args.put("server.port", "0");
        args.put("eureka.client.enabled", "false");
        args.put("spring.cloud.config.enabled", "false");
        args.put("PBX_WEBHOOK_SECRET", "");
        args.put("PBX_TENANTS", "");
        args.put("PBX_WEBHOOK_UNSIGNED", "false");
        // The token keys are there: what is missing is each test's own.
        args.put("GATEWAY_TOKEN_PUBLIC_KEYS", TestTokens.publicKey(TestTokens.GATEWAY));
        args.put("CDR_TOKEN_PUBLIC_KEYS", TestTokens.publicKey(TestTokens.CDR));
        args.put("PBX_TOKEN_SIGNING_KEY", TestTokens.privateKey(TestTokens.PBX));
        for (String override : overrides) {
            args.put(override.substring(0, override.indexOf('=')), override.substring(override.indexOf('=') + 1));
        }
        new SpringApplicationBuilder(PbxIntegrationApplication.class)
                .run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .close();
    }

    @Test
    void withoutAWebhookSecretTheServiceDoesNotStart() {
        assertThatThrownBy(() -> start("PBX_TENANTS=11111111-1111-4111-8111-111111111111"))
                .hasStackTraceContaining("PBX_WEBHOOK_SECRET");
    }

    @Test
    void withoutTheKeysOfTheSignersItTrustsOrItsOwnTheServiceDoesNotStart() {
        for (String missing : new String[] {"GATEWAY_TOKEN_PUBLIC_KEYS", "CDR_TOKEN_PUBLIC_KEYS", "PBX_TOKEN_SIGNING_KEY"}) {
            assertThatThrownBy(() -> start("PBX_WEBHOOK_SECRET=a-long-enough-test-secret-01", "PBX_TENANTS=11111111-1111-4111-8111-111111111111",
                    missing + "="))
                    .as(missing).hasStackTraceContaining("crm.tokens");
        }
    }

    /**
     * Without a configured PBX every PBX is a connection of the tenant registry: the service starts,
     * and the opt-in to unsigned webhooks, with no tenants named, lets no tenant's webhooks in unsigned.
     */
    @Test
    void unsignedWebhooksWithoutTenantsServeNoTenant() {
        PbxIntegrationProperties unsigned = new PbxIntegrationProperties(null, java.util.Map.of(), true, java.util.List.of(),
                java.time.Duration.ofMinutes(5), null, false, java.time.Duration.ofSeconds(15));
        com.crmtelephony.pbx.connection.Connections connections = com.crmtelephony.pbx.connection.ConnectionsTestAccess
                .withoutRegistry(unsigned);
        org.assertj.core.api.Assertions.assertThat(connections.all()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(connections.of(java.util.UUID.fromString("11111111-1111-4111-8111-111111111111")))
                .isEmpty();
    }

    /** Standard Webhooks' minimum: 24 bytes (issue 37); a short secret, or a whsec_ of too few bytes, is refused. */
    @Test
    void aWebhookSecretShorterThan24BytesIsRefused() {
        for (String secret : new String[] {"s3cret", "twenty-three-characters", "whsec_c2hvcnQ="}) {
            assertThatThrownBy(() -> start("PBX_WEBHOOK_SECRET=" + secret, "PBX_TENANTS=11111111-1111-4111-8111-111111111111"))
                    .as(secret).hasStackTraceContaining("shorter than 24 bytes").satisfies(e ->
                            org.assertj.core.api.Assertions.assertThat(e).hasStackTraceContaining("PBX_WEBHOOK_SECRET"));
        }
    }
}
