package com.crmtelephony.pbx.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer;
import com.crmtelephony.pbx.StubServer.Answer;
import com.crmtelephony.support.webhook.WebhookSignature;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * PBX connections from the tenant registry (a stub of tenant-service): each tenant's webhooks
 * checked with its own connection's secret, an original PBX's tenant alone taking unsigned ones, a
 * suspended tenant's refused; each tenant's calls pulled from its own PBX with its credentials;
 * the configured PBX handed over at the start; what was seen reported back.
 */
@TestPropertySource(properties = {"crm.pbx.registry.refresh=1h", "crm.pbx.registry.report=200ms",
        "crm.pbx.subscribe=true", "crm.pbx.callback-url=http://gateway.test/pbx-integration-service/pbx/webhook",
        "crm.pbx.resubscribe-interval=1h"})
class RegistryConnectionsTests extends PbxIntegrationTest {

    /** Connected to the configured PBX with a secret an admin gave it. */
    static final UUID SIGNED = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final String SIGNED_SECRET = "the-own-secret-of-the-signed-tenant";
    /** The configured PBX's other tenant, not (or no longer) connected in the registry. */
    static final UUID UNCONNECTED = UUID.fromString("22222222-2222-4222-8222-222222222222");
    /** On an original PBX of its own, with credentials. */
    static final UUID ORIGINAL = UUID.fromString("55555555-5555-4555-8555-555555555555");
    static final UUID SUSPENDED = UUID.fromString("66666666-6666-4666-8666-666666666666");
    /** Connected (suspended, so no list changes) once a test says so, after the service's reads. */
    static final UUID LATE = UUID.fromString("77777777-7777-4777-8777-777777777777");
    static volatile boolean lateConnected;
    static final StubServer registry = new StubServer();
    static final StubServer originalPbx = new StubServer();

    static {
        registry.answer("GET /pbx-connections", r -> Answer.json("["
                + connection(SIGNED, "lb://mock-pbx", "signed", null, SIGNED_SECRET, false) + ","
                + connection(ORIGINAL, originalPbx.url(), "original", "Bearer original-pbx-token", null, false) + ","
                + connection(SUSPENDED, "lb://mock-pbx", "signed", null, "the-own-secret-of-a-suspended-tenant", true)
                + (lateConnected ? "," + connection(LATE, "lb://mock-pbx", "signed", null, "the-late-secret", true) : "")
                + "]"));
        registry.answer("POST /pbx-connections/import", Answer.json("{\"added\":[],\"present\":2}"));
        registry.answer("POST /pbx-connections/status", Answer.json("{\"reports\":1}"));
    }

    private static String connection(UUID tenant, String url, String kind, String credentials, String secret, boolean suspended) {
        return "{\"tenant\":\"" + tenant + "\",\"baseUrl\":\"" + url + "\",\"kind\":\"" + kind + "\",\"credentials\":"
                + (credentials == null ? "null" : "\"" + credentials + "\"") + ",\"webhookSecret\":"
                + (secret == null ? "null" : "\"" + secret + "\"") + ",\"suspended\":" + suspended + "}";
    }

    @DynamicPropertySource
    static void tenantService(DynamicPropertyRegistry properties) {
        properties.add("spring.cloud.discovery.client.simple.instances.tenant-service[0].uri", registry::url);
    }

    private static MockHttpServletRequestBuilder webhook(UUID tenant, String secret, String id) {
        String body = "{\"uuid\":\"" + id + "\",\"action\":\"RING\",\"caller_number\":35799123456}";
        var request = post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).header("Tenant-UUID", tenant.toString()).content(body);
        if (secret != null) {
            long now = Instant.now().getEpochSecond();
            request.header(WebhookSignature.ID, id).header(WebhookSignature.TIMESTAMP, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE, new WebhookSignature(secret).sign(id, now, body));
        }
        return request;
    }

    private void awaitRegistryRead() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.requests("GET /pbx-connections").isEmpty());
    }

    @Test
    void theConfiguredPbxIsHandedOverAndEachTenantsWebhooksAreCheckedWithItsOwnConnection() throws Exception {
        awaitRegistryRead();
        assertThat(registry.requests("POST /pbx-connections/import")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.body()).contains("\"baseUrl\":\"lb://mock-pbx\"", SIGNED.toString(), UNCONNECTED.toString(),
                    "\"webhookSecret\":\"" + SECRET + "\"");
            assertThat(r.header("authorization")).startsWith("Bearer ");
        });
        String id = "reg-" + UUID.randomUUID();
        mvc.perform(webhook(SIGNED, SIGNED_SECRET, id)).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
        // The key derived from the shared secret was the configuration's; the registry's secret is what counts now.
        mvc.perform(webhook(SIGNED, WebhookSignature.tenantSecret(SECRET, SIGNED), "reg-" + UUID.randomUUID()))
                .andExpect(status().isUnauthorized());
        mvc.perform(webhook(SIGNED, null, "reg-" + UUID.randomUUID())).andExpect(status().isUnauthorized());
        // The original PBX's tenant sends unsigned; signed by another connection's secret, it is refused.
        String unsigned = "reg-" + UUID.randomUUID();
        mvc.perform(webhook(ORIGINAL, null, unsigned)).andExpect(status().isOk());
        mvc.perform(webhook(ORIGINAL, SIGNED_SECRET, "reg-" + UUID.randomUUID())).andExpect(status().isUnauthorized());
        mvc.perform(webhook(SUSPENDED, "the-own-secret-of-a-suspended-tenant", "reg-" + UUID.randomUUID()))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.detail").value(containsString("suspended")));
        mvc.perform(webhook(UNCONNECTED, WebhookSignature.tenantSecret(SECRET, UNCONNECTED), "reg-" + UUID.randomUUID()))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.detail").value(containsString("No PBX connection")));
        assertThat(stored(SIGNED.toString(), id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?::uuid", Long.class,
                SUSPENDED.toString())).isZero();
        // Each taken webhook is reported as its tenant's last.
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.requests("POST /pbx-connections/status").stream()
                .anyMatch(r -> r.body().contains(ORIGINAL.toString()) && r.body().contains("lastWebhookAt")));
    }

    /**
     * The registry is read every 15 s (here: hourly); a tenant connected since is served within a
     * second, the registry read again on its webhook. Tenants nobody connected, sent in a burst,
     * make one read a second at most.
     */
    @Test
    void aTenantConnectedSinceTheLastReadIsServedFromItsFirstWebhookAndMissesAreReadOnceASecond() throws Exception {
        awaitRegistryRead();
        lateConnected = true;
        // Another tenant's miss may have read the registry within the second: then the next one does.
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> mvc.perform(
                webhook(LATE, "the-late-secret", "late-" + UUID.randomUUID())).andReturn().getResponse()
                .getContentAsString().contains("suspended"));

        int reads = registry.requests("GET /pbx-connections").size();
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            mvc.perform(webhook(UUID.randomUUID(), "any", "miss-" + i)).andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.detail").value(containsString("No PBX connection")));
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(registry.requests("GET /pbx-connections").size() - reads).isLessThanOrEqualTo((int) seconds + 1);
    }

    @Test
    void eachTenantsCallsComeFromItsOwnPbxWithItsCredentialsAndOnlyServedTenantsArePulled() throws Exception {
        awaitRegistryRead();
        originalPbx.answer("GET /cdrs", Answer.status(404));
        originalPbx.answer("GET /get_cdr", new Answer(200, Map.of("Content-Type", "application/json", "Tenant-UUID",
                ORIGINAL.toString()), "{\"total\":1,\"data\":[{\"uuid\":\"orig-1\"}]}"));
        mvc.perform(get("/pbx/calls").with(tenant(ORIGINAL))).andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].uuid").value("orig-1"));
        assertThat(originalPbx.requests("GET /get_cdr")).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).isEqualTo("Bearer original-pbx-token"));
        assertThat(pbx.requests("GET /get_cdr")).as("the configured PBX was not asked").isEmpty();
        mvc.perform(get("/pbx/tenants").with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0]").value(SIGNED.toString())).andExpect(jsonPath("$[1]").value(ORIGINAL.toString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.requests("POST /pbx-connections/status").stream()
                .anyMatch(r -> r.body().contains(ORIGINAL.toString()) && r.body().contains("lastPullAt")));
        // Its PBX down: the error is reported as that connection's, and another tenant's PBX is not held by its circuit.
        originalPbx.answer("GET /get_cdr", Answer.status(502));
        mvc.perform(get("/pbx/get_cdr").with(tenant(ORIGINAL))).andExpect(status().isServiceUnavailable());
        pbx.answer("GET /get_cdr", new Answer(200, Map.of("Content-Type", "application/json", "Tenant-UUID", SIGNED.toString()),
                "{\"total\":0,\"data\":[]}"));
        mvc.perform(get("/pbx/get_cdr").with(tenant(SIGNED))).andExpect(status().isOk())
                .andExpect(header().string("Tenant-UUID", SIGNED.toString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.requests("POST /pbx-connections/status").stream()
                .anyMatch(r -> r.body().contains(ORIGINAL.toString()) && r.body().contains("lastError")));
    }

    @Test
    void eachSignedConnectionIsSubscribedForItsTenantWithItsOwnSecret() {
        awaitRegistryRead();
        pbx.answer("POST /webhooks", new Answer(201, Map.of("Content-Type", "application/json"), "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            org.springframework.test.util.ReflectionTestUtils.invokeMethod(subscriber(), "renew");
            return pbx.requests("POST /webhooks").stream().anyMatch(r -> r.body().contains(SIGNED.toString()));
        });
        assertThat(pbx.requests("POST /webhooks")).allSatisfy(r -> assertThat(r.body())
                .contains("\"tenant\":\"" + SIGNED + "\"", "\"secret\":\"" + SIGNED_SECRET + "\"")
                .doesNotContain(SUSPENDED.toString()));
        assertThat(originalPbx.requests("POST /webhooks")).as("an original PBX takes no subscription").isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    private Object subscriber() {
        return context.getBean("subscriber");
    }
}
