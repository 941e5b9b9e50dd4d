package com.crmtelephony.tenant.pbx;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.support.webhook.WebhookSignature;
import com.crmtelephony.tenant.TenantServiceTest;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A tenant's PBX connection: set by admins, read by its tenant, served with its secrets to pbx-integration-service only. */
class ConnectionApiTests extends TenantServiceTest {

    /** pbx-integration-service's own token, as config-repo trusts it for /pbx-connections. */
    private static TestTokens.Token pbxService() {
        return TestTokens.service("pbx-integration-service", TestTokens.PBX);
    }

    private ResultActions connect(UUID tenant, String body, TestTokens.Token token) throws Exception {
        return mvc.perform(put("/tenants/" + tenant + "/pbx").with(token).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode served(UUID tenant) throws Exception {
        JsonNode all = json(mvc.perform(get("/pbx-connections").with(pbxService())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        for (JsonNode c : all) {
            if (c.get("tenant").asString().equals(tenant.toString())) {
                return c;
            }
        }
        return null;
    }

    private long connections() {
        return jdbc.queryForObject("select count(*) from pbx_connection", Long.class);
    }

    @Test
    void aGeneratedSecretIsShownOnceKeptSealedAndServedOnlyToPbxIntegration() throws Exception {
        UUID id = newTenant("Connected");
        String secret = json(connect(id, "{\"baseUrl\":\"https://pbx.example.com/\",\"credentials\":\"Bearer pbx-token-1\"}", admin())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("signed"))
                .andExpect(jsonPath("$.baseUrl").value("https://pbx.example.com"))
                .andExpect(jsonPath("$.credentials").value(true))
                .andReturn().getResponse().getContentAsString()).get("webhookSecret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSignature.weakness(secret)).isNull();
        // Its tenant sees the connection and its status, never the secret or the credentials.
        String seen = mvc.perform(get("/tenants/" + id + "/pbx").with(tenant(id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status.lastPullAt").isEmpty())
                .andExpect(jsonPath("$.webhookSecret").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertThat(seen).doesNotContain(secret.substring(6, 20)).doesNotContain("pbx-token-1");
        // A new address keeps the secret, and is not shown it again.
        connect(id, "{\"baseUrl\":\"http://127.0.0.1:3031\"}", admin()).andExpect(status().isOk())
                .andExpect(jsonPath("$.webhookSecret").doesNotExist()).andExpect(jsonPath("$.credentials").value(false));
        JsonNode served = served(id);
        assertThat(served.get("webhookSecret").asString()).isEqualTo(secret);
        assertThat(served.get("baseUrl").asString()).isEqualTo("http://127.0.0.1:3031");
        assertThat(served.get("suspended").asBoolean()).isFalse();
        // Sealed in the table: neither the secret nor its key's bytes are there to read.
        byte[] stored = jdbc.queryForObject("select webhook_secret from pbx_connection where tenant_id = ?", byte[].class, id);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret).doesNotContain(secret.substring(6, 20));
        // Routed tokens, admin or not, never get the secrets; nor does the gateway's key-check issuer.
        mvc.perform(get("/pbx-connections").with(admin())).andExpect(status().isForbidden());
        mvc.perform(get("/pbx-connections").with(tenant(id))).andExpect(status().isForbidden());
        mvc.perform(get("/pbx-connections").with(TestTokens.service("api-gateway-keys", TestTokens.GATEWAY)))
                .andExpect(status().isForbidden());
        // A suspended tenant's connection is served as suspended: its webhooks are refused.
        mvc.perform(delete("/tenants/" + id).with(admin())).andExpect(status().is2xxSuccessful());
        assertThat(served(id).get("suspended").asBoolean()).isTrue();
        assertThat(jdbc.queryForList("select method || ' ' || path from audit_entry where path = ?", String.class,
                "/tenants/" + id + "/pbx")).containsExactly("PUT /tenants/" + id + "/pbx", "PUT /tenants/" + id + "/pbx");
    }

    @Test
    void anOriginalConnectionHasNoSecretAndAGivenSecretIsNeverEchoed() throws Exception {
        UUID original = newTenant("Original");
        connect(original, "{\"baseUrl\":\"http://127.0.0.1:3030\",\"kind\":\"original\"}", admin()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.webhookSecret").doesNotExist()).andExpect(jsonPath("$.kind").value("original"));
        assertThat(served(original).get("webhookSecret").isNull()).isTrue();
        UUID given = newTenant("Given");
        String secret = "a-secret-of-at-least-24-bytes-for-this-test";
        connect(given, "{\"baseUrl\":\"http://127.0.0.1:3030\",\"webhookSecret\":\"" + secret + "\"}", admin())
                .andExpect(status().isCreated()).andExpect(jsonPath("$.webhookSecret").doesNotExist());
        assertThat(served(given).get("webhookSecret").asString()).isEqualTo(secret);
        mvc.perform(delete("/tenants/" + given + "/pbx").with(admin())).andExpect(status().isNoContent());
        assertThat(served(given)).isNull();
        mvc.perform(get("/tenants/" + given + "/pbx").with(admin())).andExpect(status().isNotFound());
    }

    @Test
    void badInputNamesTheFieldAndStoresNothingAndOnlyAnAdminConnects() throws Exception {
        UUID mine = newTenant("PbxMine");
        UUID theirs = newTenant("PbxTheirs");
        long before = connections();
        String[][] bads = {
                {"{\"baseUrl\":\"ftp://pbx.example.com\"}", "baseUrl"}, {"{\"baseUrl\":\"javascript:alert(1)\"}", "baseUrl"},
                {"{\"baseUrl\":\"lb://mock-pbx\"}", "baseUrl"}, {"{\"baseUrl\":\"http://user:pw@pbx.example.com\"}", "baseUrl"},
                {"{\"baseUrl\":\"http://pbx.example.com/?a=b\"}", "baseUrl"}, {"{\"baseUrl\":\"http://pbx\\u0000.example.com\"}", "baseUrl"},
                {"{\"baseUrl\":\"http:///nohost\"}", "baseUrl"}, {"{}", "baseUrl"}, {"{\"baseUrl\":42}", "baseUrl"},
                {"{\"baseUrl\":\"http://pbx.example.com/" + "a".repeat(2000) + "\"}", "baseUrl"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"kind\":\"fancy\"}", "kind"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"kind\":\"original\",\"webhookSecret\":\"x" + "y".repeat(30) + "\"}", "webhookSecret"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"webhookSecret\":\"short\"}", "webhookSecret"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"webhookSecret\":\"whsec_not base64!\"}", "webhookSecret"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"credentials\":\"Bearer \\u0000\"}", "credentials"},
                {"{\"baseUrl\":\"http://pbx.example.com\",\"url\":\"x\"}", "url"}, {"[]", "object"}};
        for (String[] bad : bads) {
            connect(mine, bad[0], admin()).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        connect(mine, "{\"baseUrl\":\"http://pbx.example.com\"}", tenant(mine)).andExpect(status().isForbidden());
        connect(UUID.randomUUID(), "{\"baseUrl\":\"http://pbx.example.com\"}", admin()).andExpect(status().isNotFound());
        assertThat(connections()).isEqualTo(before);
        connect(theirs, "{\"baseUrl\":\"http://pbx.example.com\"}", admin()).andExpect(status().isCreated());
        mvc.perform(get("/tenants/" + theirs + "/pbx").with(tenant(mine))).andExpect(status().isNotFound());
        mvc.perform(delete("/tenants/" + theirs + "/pbx").with(tenant(theirs))).andExpect(status().isForbidden());
    }

    @Test
    void pbxIntegrationReportsWhatItSawAndTimesOnlyMoveForward() throws Exception {
        UUID id = newTenant("Reported");
        connect(id, "{\"baseUrl\":\"http://pbx.example.com\"}", admin()).andExpect(status().isCreated());
        String report = "{\"reports\":[{\"tenant\":\"" + id + "\",\"lastPullAt\":\"2026-12-07T10:00:00Z\","
                + "\"subscription\":\"subscribed\",\"lastError\":\"503 from /get_cdr\",\"lastErrorAt\":\"2026-12-07T09:00:00Z\"}]}";
        mvc.perform(post("/pbx-connections/status").with(pbxService()).contentType(MediaType.APPLICATION_JSON).content(report))
                .andExpect(status().isOk());
        mvc.perform(post("/pbx-connections/status").with(pbxService()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reports\":[{\"tenant\":\"" + id + "\",\"lastPullAt\":\"2026-12-07T08:00:00Z\","
                        + "\"lastWebhookAt\":\"2026-12-07T10:05:00Z\"}]}")).andExpect(status().isOk());
        mvc.perform(get("/tenants/" + id + "/pbx").with(tenant(id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status.lastPullAt").value("2026-12-07T10:00:00Z"))
                .andExpect(jsonPath("$.status.lastWebhookAt").value("2026-12-07T10:05:00Z"))
                .andExpect(jsonPath("$.status.subscription").value("subscribed"))
                .andExpect(jsonPath("$.status.lastError").value("503 from /get_cdr"));
        mvc.perform(post("/pbx-connections/status").with(admin()).contentType(MediaType.APPLICATION_JSON).content(report))
                .andExpect(status().isForbidden());
        mvc.perform(post("/pbx-connections/status").with(pbxService()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reports\":[{\"tenant\":\"" + id + "\",\"subscription\":\"maybe\"}]}")).andExpect(status().isBadRequest());
    }

    @Test
    void theConfiguredPbxIsImportedOnceWithEachTenantsDerivedKeyAndNeverReplacesAnAdminsConnection() throws Exception {
        UUID fresh = UUID.randomUUID();
        UUID adminSet = newTenant("AdminSet");
        connect(adminSet, "{\"baseUrl\":\"https://own.example.com\",\"kind\":\"original\"}", admin()).andExpect(status().isCreated());
        String shared = "the-deployment-shared-webhook-secret";
        String body = "{\"baseUrl\":\"lb://mock-pbx\",\"tenants\":[\"" + fresh + "\",\"" + adminSet + "\"],\"webhookSecret\":\"" + shared + "\"}";
        mvc.perform(post("/pbx-connections/import").with(pbxService()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andExpect(jsonPath("$.added[0]").value(fresh.toString()))
                .andExpect(jsonPath("$.present").value(1));
        mvc.perform(post("/pbx-connections/import").with(pbxService()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andExpect(jsonPath("$.present").value(2));
        JsonNode imported = served(fresh);
        assertThat(imported.get("baseUrl").asString()).isEqualTo("lb://mock-pbx");
        // Signs as the shared secret's key for that tenant did before: the PBX notices nothing.
        String signed = WebhookSignature.forTenant(shared, fresh).sign("msg_1", 1_700_000_000L, "{}");
        assertThat(new WebhookSignature(imported.get("webhookSecret").asString()).sign("msg_1", 1_700_000_000L, "{}")).isEqualTo(signed);
        assertThat(served(adminSet).get("baseUrl").asString()).isEqualTo("https://own.example.com");
        mvc.perform(get("/tenants/" + fresh).with(admin())).andExpect(status().isOk());
        assertThat(jdbc.queryForList("select key_name from audit_entry where path = '/pbx-connections/import' and tenant_id = ?",
                String.class, fresh)).containsExactly("pbx-integration-service (configured PBX)");
        mvc.perform(post("/pbx-connections/import").with(admin()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isForbidden());
    }
}
