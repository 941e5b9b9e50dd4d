package com.crmtelephony.tenant.key;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.tenant.TenantServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class KeyApiTests extends TenantServiceTest {

    private ResultActions issue(UUID tenant, String body) throws Exception {
        return mvc.perform(post("/tenants/" + tenant + "/keys").with(admin()).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode issued(UUID tenant, String body) throws Exception {
        return json(issue(tenant, body).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
    }

    @Test
    void aKeyIsShownOnceAndTheRegistryKeepsOnlyItsHmacAndPrefix() throws Exception {
        UUID id = newTenant("Keyed");
        JsonNode key = issued(id, "{\"name\":\"crm-sync\"}");
        String text = key.get("key").asString();
        assertThat(text).startsWith("crmk_").hasSize(5 + 43);
        assertThat(key.get("prefix").asString()).isEqualTo(text.substring(0, 12));
        assertThat(key.get("role").asString()).isEqualTo("tenant");
        Map<String, Object> row = jdbc.queryForMap("select * from api_key where id = ?", UUID.fromString(key.get("id").asString()));
        assertThat(row.get("hmac")).isEqualTo(hmac(text));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(text.substring(12)));
        String list = mvc.perform(get("/tenants/" + id + "/keys").with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("crm-sync"))
                .andExpect(jsonPath("$[0].key").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain(text.substring(12)).doesNotContain(hmac(text));
        JsonNode readOnly = issued(id, "{\"name\":\"reports\",\"role\":\"read-only\",\"expiresAt\":\""
                + Instant.now().plus(30, ChronoUnit.DAYS) + "\"}");
        assertThat(readOnly.get("role").asString()).isEqualTo("read-only");
        assertThat(readOnly.get("expiresAt")).isNotNull();
        assertThat(readOnly.get("key").asString()).isNotEqualTo(text);
    }

    @Test
    void badInputIsABadRequestNamingTheFieldAndNoKeyIsStored() throws Exception {
        UUID id = newTenant("BadKeys");
        long before = keys();
        String[][] bads = {
                {"{}", "name"},
                {"{\"name\":\"\"}", "name"},
                {"{\"name\":\"" + "k".repeat(101) + "\"}", "name"},
                {"{\"name\":\"a\\u0000b\"}", "name"},
                {"{\"name\":7}", "name"},
                {"{\"name\":\"k\",\"role\":\"admin\"}", "role"},
                {"{\"name\":\"k\",\"role\":\"owner\"}", "role"},
                {"{\"name\":\"k\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}", "expiresAt"},
                {"{\"name\":\"k\",\"expiresAt\":\"+10000-01-01T00:00:00Z\"}", "expiresAt"},
                {"{\"name\":\"k\",\"expiresAt\":\"tomorrow\"}", "expiresAt"},
                {"{\"name\":\"k\",\"tenant\":\"" + UUID.randomUUID() + "\"}", "tenant"},
                {"[]", "object"},
        };
        for (String[] bad : bads) {
            issue(id, bad[0]).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        assertThat(keys()).isEqualTo(before);
        issue(UUID.randomUUID(), "{\"name\":\"k\"}").andExpect(status().isNotFound());
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void aTenantSeesItsOwnKeysNamesButIssuesAndRevokesNothingAndAnothersAreNotFound() throws Exception {
        UUID mine = newTenant("KeysMine");
        UUID theirs = newTenant("KeysTheirs");
        JsonNode their = issued(theirs, "{\"name\":\"theirs\"}");
        issued(mine, "{\"name\":\"mine\"}");
        mvc.perform(get("/tenants/" + mine + "/keys").with(tenant(mine))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("mine")).andExpect(jsonPath("$[0].key").doesNotExist());
        mvc.perform(get("/tenants/" + theirs + "/keys").with(tenant(mine))).andExpect(status().isNotFound());
        long before = keys();
        mvc.perform(post("/tenants/" + mine + "/keys").with(tenant(mine)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"self-issued\"}")).andExpect(status().isForbidden());
        mvc.perform(delete("/tenants/" + theirs + "/keys/" + their.get("id").asString()).with(tenant(mine)))
                .andExpect(status().isForbidden());
        // An admin naming the wrong tenant in the path revokes nothing.
        mvc.perform(delete("/tenants/" + mine + "/keys/" + their.get("id").asString()).with(admin()))
                .andExpect(status().isNotFound());
        assertThat(keys()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from api_key where tenant_id = ? and revoked_at is not null", Long.class, theirs))
                .isZero();
    }

    @Test
    void aRevokedKeyIsListedWithWhenAndRevokingAgainIsNoError() throws Exception {
        UUID id = newTenant("Revoked");
        String keyId = issued(id, "{\"name\":\"old\"}").get("id").asString();
        mvc.perform(delete("/tenants/" + id + "/keys/" + keyId).with(admin())).andExpect(status().isNoContent());
        String revokedAt = json(mvc.perform(get("/tenants/" + id + "/keys").with(admin())).andReturn().getResponse()
                .getContentAsString()).get(0).get("revokedAt").asString();
        assertThat(Instant.parse(revokedAt)).isBefore(Instant.now().plusSeconds(1));
        mvc.perform(delete("/tenants/" + id + "/keys/" + keyId).with(admin())).andExpect(status().isNoContent());
        mvc.perform(get("/tenants/" + id + "/keys").with(admin())).andExpect(jsonPath("$[0].revokedAt").value(revokedAt));
        mvc.perform(delete("/tenants/" + id + "/keys/" + UUID.randomUUID()).with(admin())).andExpect(status().isNotFound());
    }

    @Test
    void aTenantAtItsCapOfKeysIsRefusedWhileAnotherIssuesAndARevocationMakesRoom() throws Exception {
        UUID greedy = newTenant("Greedy");
        UUID other = newTenant("Modest");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(issued(greedy, "{\"name\":\"k" + i + "\"}").get("id").asString());
        }
        issue(greedy, "{\"name\":\"one-too-many\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("3")));
        issued(other, "{\"name\":\"still-mine\"}");
        mvc.perform(delete("/tenants/" + greedy + "/keys/" + ids.get(0)).with(admin())).andExpect(status().isNoContent());
        issued(greedy, "{\"name\":\"after-revoking\"}");
    }

    @Test
    void aSuspendedTenantIsIssuedNoKey() throws Exception {
        UUID id = newTenant("Suspended");
        mvc.perform(delete("/tenants/" + id).with(admin())).andExpect(status().isNoContent());
        long before = keys();
        issue(id, "{\"name\":\"k\"}").andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(containsString("suspended")));
        assertThat(keys()).isEqualTo(before);
    }
}
