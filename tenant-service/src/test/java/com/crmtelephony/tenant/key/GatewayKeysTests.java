package com.crmtelephony.tenant.key;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.tenant.TenantServiceTest;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What the gateway asks of the registry: whose a key is, and its configured keys at its first start. */
class GatewayKeysTests extends TenantServiceTest {

    /** The gateway's own token, under the issuer name config-repo trusts for these endpoints only. */
    private static TestTokens.Token gateway() {
        return TestTokens.service("api-gateway-keys", TestTokens.GATEWAY);
    }

    @Autowired
    Keys keys;

    private ResultActions lookup(String hmac, TestTokens.Token token) throws Exception {
        return mvc.perform(post("/keys/lookup").with(token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"hmac\":\"" + hmac + "\"}"));
    }

    private String issue(UUID tenant, String body) throws Exception {
        return json(mvc.perform(post("/tenants/" + tenant + "/keys").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("key").asString();
    }

    @Test
    void aKeyIsLookedUpByItsHmacWithItsTenantRoleAndSharesAndItsLastUseIsWrittenAtMostOnceAMinute() throws Exception {
        UUID id = newTenant("Looked");
        String key = issue(id, "{\"name\":\"crm\",\"role\":\"read-only\"}");
        mvc.perform(put("/tenants/" + id + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"requestsPerSecond\":5,\"burst\":10}")).andExpect(status().isOk());
        lookup(hmac(key), gateway()).andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value(id.toString()))
                .andExpect(jsonPath("$.name").value("crm"))
                .andExpect(jsonPath("$.role").value("read-only"))
                .andExpect(jsonPath("$.suspended").value(false))
                .andExpect(jsonPath("$.requestsPerSecond").value(5.0))
                .andExpect(jsonPath("$.burst").value(10))
                .andExpect(jsonPath("$.hmac").doesNotExist());
        Instant used = jdbc.queryForObject("select last_used_at from api_key where hmac = ?", java.sql.Timestamp.class, hmac(key)).toInstant();
        lookup(hmac(key), gateway()).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select last_used_at from api_key where hmac = ?", java.sql.Timestamp.class, hmac(key))
                .toInstant()).as("written again only a minute later").isEqualTo(used);
        jdbc.update("update api_key set last_used_at = last_used_at - interval '61 seconds' where hmac = ?", hmac(key));
        lookup(hmac(key), gateway()).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select last_used_at from api_key where hmac = ?", java.sql.Timestamp.class, hmac(key))
                .toInstant()).isAfter(used.minusSeconds(1));
        mvc.perform(get("/tenants/" + id + "/keys").with(tenant(id))).andExpect(jsonPath("$[0].lastUsedAt").isNotEmpty());
    }

    @Test
    void revokedExpiredAndUnknownKeysAreNotFoundAndASuspendedTenantsKeySaysSo() throws Exception {
        UUID id = newTenant("Refused");
        String revoked = issue(id, "{\"name\":\"revoked\"}");
        String keyId = jdbc.queryForObject("select id::text from api_key where hmac = ?", String.class, hmac(revoked));
        mvc.perform(delete("/tenants/" + id + "/keys/" + keyId).with(admin())).andExpect(status().isNoContent());
        lookup(hmac(revoked), gateway()).andExpect(status().isNotFound());
        String expiring = issue(id, "{\"name\":\"expiring\",\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
        jdbc.update("update api_key set expires_at = now() - interval '1 second' where hmac = ?", hmac(expiring));
        lookup(hmac(expiring), gateway()).andExpect(status().isNotFound());
        lookup(hmac("never-issued"), gateway()).andExpect(status().isNotFound());
        String kept = issue(id, "{\"name\":\"kept\"}");
        mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"suspended\":true}"))
                .andExpect(status().isOk());
        lookup(hmac(kept), gateway()).andExpect(status().isOk()).andExpect(jsonPath("$.suspended").value(true));
        for (String bad : new String[] {"ABC", "0".repeat(63), "g".repeat(64), "0".repeat(64) + "' or '1'='1"}) {
            lookup(bad, gateway()).andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("hmac")));
        }
    }

    @Test
    void noRoutedTokenMayLookUpOrImportKeysHoweverAdmin() throws Exception {
        UUID id = newTenant("Probe");
        String key = issue(id, "{\"name\":\"probe\"}");
        lookup(hmac(key), admin()).andExpect(status().isForbidden());
        lookup(hmac(key), tenant(id)).andExpect(status().isForbidden());
        lookup(hmac(key), TestTokens.service("api-gateway-keys", TestTokens.ATTACKER)).andExpect(status().isUnauthorized());
        long before = keys();
        mvc.perform(post("/keys/import").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"keys\":[{\"name\":\"sneaky\",\"hmac\":\"" + hmac("sneaky") + "\"}]}")).andExpect(status().isForbidden());
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void configuredKeysAreImportedWithTheirTenantsOnceAndARevokedOneNeverComesBack() throws Exception {
        UUID configured = UUID.randomUUID();
        String body = "{\"keys\":[{\"name\":\"yaml-tenant-" + configured + "\",\"hmac\":\"" + hmac("yaml-" + configured)
                + "\",\"tenant\":\"" + configured + "\"},{\"name\":\"yaml-admin\",\"hmac\":\"" + hmac("yaml-admin-" + configured) + "\"}]}";
        mvc.perform(post("/keys/import").with(gateway()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andExpect(jsonPath("$.added").value(2)).andExpect(jsonPath("$.present").value(0));
        mvc.perform(get("/tenants/" + configured).with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("yaml-tenant-" + configured)).andExpect(jsonPath("$.region").value("CY"));
        lookup(hmac("yaml-" + configured), gateway()).andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value(configured.toString())).andExpect(jsonPath("$.role").value("tenant"));
        lookup(hmac("yaml-admin-" + configured), gateway()).andExpect(status().isOk()).andExpect(jsonPath("$.role").value("admin"))
                .andExpect(jsonPath("$.tenant").doesNotExist());
        String keyId = jdbc.queryForObject("select id::text from api_key where hmac = ?", String.class, hmac("yaml-" + configured));
        mvc.perform(delete("/tenants/" + configured + "/keys/" + keyId).with(admin())).andExpect(status().isNoContent());
        mvc.perform(post("/keys/import").with(gateway()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andExpect(jsonPath("$.added").value(0)).andExpect(jsonPath("$.present").value(2));
        lookup(hmac("yaml-" + configured), gateway()).andExpect(status().isNotFound());
        String adminId = jdbc.queryForObject("select id::text from api_key where hmac = ?", String.class, hmac("yaml-admin-" + configured));
        mvc.perform(delete("/admin-keys/" + adminId).with(admin())).andExpect(status().isNoContent());
        assertThat(jdbc.queryForList("select key_name from audit_entry where path = '/keys/import' and tenant_id = ?", String.class, configured))
                .containsExactly("api-gateway (configured key yaml-tenant-" + configured + ")");
        long before = keys();
        for (String bad : new String[] {"{\"keys\":[{\"name\":\"x\",\"hmac\":\"nothex\"}]}",
                "{\"keys\":[{\"name\":\"x\",\"hmac\":\"" + hmac("x") + "\",\"tenant\":\"nope\"}]}",
                "{\"keys\":[{\"name\":\"\",\"hmac\":\"" + hmac("x") + "\"}]}", "{\"keys\":{}}", "{\"keyz\":[]}"}) {
            mvc.perform(post("/keys/import").with(gateway()).contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest());
        }
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void theBootstrapAdminKeyServesAnEmptyRegistryAndOnceRevokedNeverComesBack() throws Exception {
        assertThat(jdbc.queryForObject("select name from api_key where hmac = ?", String.class, BOOTSTRAP_HMAC))
                .isEqualTo("bootstrap-admin");
        lookup(BOOTSTRAP_HMAC, gateway()).andExpect(status().isOk()).andExpect(jsonPath("$.role").value("admin"));
        assertThat(keys.bootstrap(BOOTSTRAP_HMAC)).as("an admin key exists: nothing added").isFalse();
        String id = jdbc.queryForObject("select id::text from api_key where hmac = ?", String.class, BOOTSTRAP_HMAC);
        try {
            mvc.perform(delete("/admin-keys/" + id).with(admin())).andExpect(status().isNoContent());
            jdbc.update("update api_key set revoked_at = now() where tenant_id is null and revoked_at is null");
            assertThat(keys.bootstrap(BOOTSTRAP_HMAC)).as("revoked: stays revoked").isFalse();
            lookup(BOOTSTRAP_HMAC, gateway()).andExpect(status().isNotFound());
            String fresh = hmac("fresh-bootstrap");
            assertThat(keys.bootstrap(fresh)).as("no admin key left: a new bootstrap key is how an operator gets back in").isTrue();
            assertThat(keys.bootstrap(hmac("another"))).isFalse();
            lookup(fresh, gateway()).andExpect(status().isOk());
        } finally {
            jdbc.update("update api_key set revoked_at = now() where tenant_id is null and revoked_at is null");
        }
    }

    @Test
    void adminKeysAreIssuedShownOnceListedAndRevokedByAdminsOnly() throws Exception {
        String body = mvc.perform(post("/admin-keys").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"operator\"}")).andExpect(status().isCreated())
                .andExpect(jsonPath("$.role").value("admin")).andExpect(jsonPath("$.tenant").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        String key = json(body).get("key").asString();
        String id = json(body).get("id").asString();
        assertThat(key).startsWith("crmk_");
        lookup(hmac(key), gateway()).andExpect(status().isOk()).andExpect(jsonPath("$.role").value("admin"));
        String list = mvc.perform(get("/admin-keys").with(admin())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains(id).doesNotContain(key.substring(12)).doesNotContain(hmac(key));
        UUID someone = newTenant("NotAnAdmin");
        long before = keys();
        mvc.perform(post("/admin-keys").with(tenant(someone)).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin-keys").with(tenant(someone))).andExpect(status().isForbidden());
        mvc.perform(delete("/admin-keys/" + id).with(tenant(someone))).andExpect(status().isForbidden());
        for (String bad : new String[] {"{\"name\":\"x\",\"role\":\"admin\"}", "{\"name\":\"x\",\"tenant\":\"" + someone + "\"}", "{}"}) {
            mvc.perform(post("/admin-keys").with(admin()).contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest());
        }
        assertThat(keys()).isEqualTo(before);
        mvc.perform(delete("/admin-keys/" + id).with(admin())).andExpect(status().isNoContent());
        lookup(hmac(key), gateway()).andExpect(status().isNotFound());
        // A tenant's key is no admin key to revoke here.
        String tenantKey = issue(someone, "{\"name\":\"t\"}");
        String tenantKeyId = jdbc.queryForObject("select id::text from api_key where hmac = ?", String.class, hmac(tenantKey));
        mvc.perform(delete("/admin-keys/" + tenantKeyId).with(admin())).andExpect(status().isNotFound());
        lookup(hmac(tenantKey), gateway()).andExpect(status().isOk());
    }
}
