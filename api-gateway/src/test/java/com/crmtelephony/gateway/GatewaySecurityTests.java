package com.crmtelephony.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The access model with the demo keys of config-repo, against a recording stub service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "spring.cloud.loadbalancer.cache.enabled=false",
        "management.server.port=0",
        "crm.gateway.max-request-size=1KB",
        "crm.gateway.rate-limit.requests-per-second=1",
        "crm.gateway.rate-limit.burst=1000"})
class GatewaySecurityTests extends GatewayTest {

    static final String TENANT1 = "11111111-1111-4111-8111-111111111111";
    static final String TENANT1_KEY = "crm-demo-tenant1-key";
    static final String ADMIN_KEY = "crm-demo-admin-key";

    @DynamicPropertySource
    static void otherServices(DynamicPropertyRegistry registry) {
        for (String service : new String[] {"phonebook-service", "pbx-integration-service"}) {
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri", downstream::url);
        }
    }

    @Autowired
    ConfigurableEnvironment environment;
    @Autowired
    ApplicationEventPublisher events;

    WebTestClient.ResponseSpec get(String path, Map<String, String> headers) {
        return client.get().uri(path).headers(h -> headers.forEach(h::set)).exchange();
    }

    /** The console is the gateway's own page: served without a key, from the jar, under a policy of this origin only. */
    @Test
    void theConsoleIsServedWithoutAKeyUnderAStrictPolicy() {
        String page = get("/", Map.of()).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                        + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"/console/console.js\"></script>")
                .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
        for (String asset : new String[] {"/console/console.js", "/console/charts.js", "/console/console.css"}) {
            String body = get(asset, Map.of()).expectStatus().isOk()
                    .expectHeader().exists("Content-Security-Policy")
                    .expectBody(String.class).returnResult().getResponseBody();
            // (an SVG namespace is a name, not a request)
            assertThat(body).as(asset + ": everything from this origin")
                    .doesNotContainPattern("(import|fetch|src|href|url)[^\\n]*(https?:)?//[a-z]");
        }
        assertThat(downstream.received).isEmpty();
        get("/cdr-service/cdr/get", Map.of()).expectStatus().isUnauthorized()
                .expectHeader().doesNotExist("Content-Security-Policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cdr-service/cdr/get", "/phonebook-service/phone_book/records",
            "/pbx-integration-service/pbx/get_cdr", "/cdr-service/cdr/reports"})
    void withoutAKeyOrWithAWrongOneNothingPasses(String path) {
        get(path, Map.of()).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "ApiKey header=\"X-API-Key\"")
                .expectBody().jsonPath("$.detail").isEqualTo("An API key is required (X-API-Key header)");
        get(path, Map.of("X-API-Key", "crm-demo-tenant1-kez")).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("The API key is not valid");
        get(path, Map.of("X-API-Key", "")).expectStatus().isUnauthorized();
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aTenantKeyActsForItsTenantOnlyAndItsClaimsAreNotForwarded() {
        get("/cdr-service/cdr/get", Map.of("X-API-Key", TENANT1_KEY, "X-Crm-Role", "admin",
                "Authorization", "Bearer " + TestTokens.admin().key(TestTokens.GATEWAY).signed())).expectStatus().isOk();
        get("/cdr-service/cdr/get", Map.of("X-API-Key", TENANT1_KEY, "tenant-uuid", TENANT1.toUpperCase()))
                .expectStatus().isOk();
        assertThat(downstream.received).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("tenant-uuid")).isEqualTo(TENANT1);
            assertThat(r.header("X-Crm-Role")).isNull();
            assertThat(r.header("X-API-Key")).as("the key never travels further").isNull();
            // The gateway's own token, not the one the client sent: signed with its key, for this key's tenant.
            Map<String, Object> claims = TestTokens.verifiedClaims(r.header("Authorization"), TestTokens.GATEWAY);
            assertThat(claims).containsEntry("iss", "api-gateway").containsEntry("sub", "demo-tenant-1")
                    .containsEntry("role", "tenant").containsEntry("tenant", TENANT1);
            assertThat(claims.get("aud")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .containsExactly("cdr-service", "phonebook-service", "pbx-integration-service");
            assertThat((java.util.Date) claims.get("exp")).isInTheFuture()
                    .isBeforeOrEqualTo(java.util.Date.from(java.time.Instant.now().plusSeconds(300)));
        });
        assertThat(downstream.received.get(0).header("Authorization"))
                .as("one token per key and service, not one signature per request")
                .isEqualTo(downstream.received.get(1).header("Authorization"));
    }

    @Test
    void eachServiceGetsATokenForItselfOnly() {
        get("/phonebook-service/phone_book/records", Map.of("X-API-Key", TENANT1_KEY)).expectStatus().isOk();
        get("/pbx-integration-service/pbx/get_cdr", Map.of("X-API-Key", TENANT1_KEY)).expectStatus().isOk();
        assertThat(downstream.received).extracting(r -> TestTokens.verifiedClaims(r.header("Authorization"), TestTokens.GATEWAY).get("aud"))
                .containsExactly(java.util.List.of("phonebook-service"), java.util.List.of("pbx-integration-service"));
    }

    @Test
    void aTenantKeyNamingAnotherTenantIs403() {
        for (String claimed : new String[] {"22222222-2222-4222-8222-222222222222", "not-a-uuid", "' or 1=1 --"}) {
            get("/cdr-service/cdr/get", Map.of("X-API-Key", TENANT1_KEY, "tenant-uuid", claimed))
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void crossTenantEndpointsAreForAdminKeysOnly() {
        get("/cdr-service/cdr/reports", Map.of("X-API-Key", TENANT1_KEY)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("This endpoint needs an admin API key");
        get("/pbx-integration-service/pbx/tenants", Map.of("X-API-Key", TENANT1_KEY)).expectStatus().isForbidden();
        assertThat(downstream.received).isEmpty();

        get("/cdr-service/cdr/reports", Map.of("X-API-Key", ADMIN_KEY)).expectStatus().isOk();
        assertThat(downstream.received).singleElement().satisfies(r -> {
            Map<String, Object> claims = TestTokens.verifiedClaims(r.header("Authorization"), TestTokens.GATEWAY);
            assertThat(claims).containsEntry("role", "admin").containsEntry("sub", "demo-admin").doesNotContainKey("tenant");
            assertThat(r.header("tenant-uuid")).isNull();
        });
    }

    @Test
    void anAdminKeyMayNameAnyTenant() {
        get("/phonebook-service/phone_book/records", Map.of("X-API-Key", ADMIN_KEY,
                "tenant-uuid", "33333333-3333-4333-8333-333333333333")).expectStatus().isOk();
        assertThat(downstream.received.get(0).header("tenant-uuid")).isEqualTo("33333333-3333-4333-8333-333333333333");
    }

    @Test
    void apiDocsAndThePbxWebhookNeedNoKey() {
        get("/cdr-service/v3/api-docs", Map.of()).expectStatus().isOk();
        client.post().uri("/pbx-integration-service/pbx/webhook").header("X-Crm-Role", "admin")
                .header("Tenant-UUID", "22222222-2222-4222-8222-222222222222")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isOk();
        assertThat(downstream.received).hasSize(2);
        assertThat(downstream.received.get(1).header("X-Crm-Role")).isNull();
        assertThat(downstream.received).allSatisfy(r -> assertThat(r.header("Authorization"))
                .as("no key, no token: the webhook is authenticated by its signature").isNull());
        assertThat(downstream.received.get(1).header("Tenant-UUID")).as("the PBX names the webhook's tenant")
                .isEqualTo("22222222-2222-4222-8222-222222222222");
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnyService() {
        client.post().uri("/cdr-service/cdr/post").header("X-API-Key", TENANT1_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[" + "1,".repeat(600) + "1]").exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() {
        for (WebTestClient.ResponseSpec response : new WebTestClient.ResponseSpec[] {
                get("/cdr-service/cdr/get", Map.of("X-API-Key", ADMIN_KEY)), get("/cdr-service/cdr/get", Map.of()),
                get("/nowhere", Map.of())}) {
            response.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().valueEquals("Cache-Control", "no-store");
        }
    }

    /**
     * A key configured after the start is handed to the registry on refresh, as its HMAC (that the
     * registry never brings back one it revoked is tenant-service's GatewayKeysTests).
     */
    @Test
    void aConfiguredKeyIsHandedToTheRegistryOnRefresh() {
        String newKey = "configured-later-for-tenant-1";
        MapPropertySource added = new MapPropertySource("added", Map.of(
                "crm.gateway.api-keys[0].name", "tenant-1-later",
                "crm.gateway.api-keys[0].hmac", hmac(newKey),
                "crm.gateway.api-keys[0].tenant", TENANT1));
        environment.getPropertySources().addFirst(added);
        try {
            events.publishEvent(new EnvironmentChangeEvent(java.util.Set.of("crm.gateway.api-keys[0].hmac")));
            awaitKeysHandedOver();
            assertThat(registry.byName("tenant-1-later").tenant()).hasToString(TENANT1);
            get("/cdr-service/cdr/get", Map.of("X-API-Key", newKey)).expectStatus().isOk();
            assertThat(downstream.received.get(0).header("tenant-uuid")).isEqualTo(TENANT1);
        } finally {
            environment.getPropertySources().remove("added");
            registry.keys.remove(hmac(newKey));
        }
        assertThat(registry.bodies).noneMatch(b -> b.contains(newKey));
    }

    /** The HMAC-SHA256 of a key under the demo profile's key secret, as configuration holds it. */
    static String hmac(String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("crm-demo-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
