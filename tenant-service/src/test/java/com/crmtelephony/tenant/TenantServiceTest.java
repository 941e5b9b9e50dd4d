package com.crmtelephony.tenant;

import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Base of tenant-service's tests: the whole registry on a real (embedded) PostgreSQL, one
 * application context for every test class; each test makes tenants of its own. Requests carry
 * tokens as the gateway signs them (TestTokens).
 */
@SpringBootTest(properties = {
        // A cap small enough to reach in a test (KeyApiTests).
        "crm.tenants.keys-per-tenant=3",
        "crm.tenants.bootstrap-admin-key-hmac=" + TenantServiceTest.BOOTSTRAP_HMAC})
@AutoConfigureMockMvc
public abstract class TenantServiceTest {

    protected static final String KEY_SECRET = "test-only-key-secret";
    /** The HMAC of "bootstrap-key" under {@link #KEY_SECRET}. */
    protected static final String BOOTSTRAP_HMAC = "04bad13ff634da7404f0c5cb2a4bf461c09c6b553e867db8a8d1ffc993edfcc6";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected JdbcTemplate jdbc;

    /** A tenant of the test's own, registered by an admin; its id. */
    protected UUID newTenant(String name) throws Exception {
        String body = mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + " " + UUID.randomUUID() + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JSON.readTree(body).get("id").asString());
    }

    protected static String hmac(String key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    protected long tenants() {
        return jdbc.queryForObject("select count(*) from tenant", Long.class);
    }

    protected long keys() {
        return jdbc.queryForObject("select count(*) from api_key", Long.class);
    }
}
