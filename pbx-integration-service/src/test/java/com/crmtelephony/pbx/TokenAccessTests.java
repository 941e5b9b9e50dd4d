package com.crmtelephony.pbx;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenAccessContract;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * pbx-integration-service trusts the gateway's tokens by their role, and cdr-service's own token
 * for its nightly sync: the tenants and each one's calls, nothing else.
 */
class TokenAccessTests extends PbxIntegrationTest implements TokenAccessContract {

    /** The PBX answers its /get_cdr, so that what a valid token gets is the PBX's 200. */
    @BeforeEach
    void pbxAnswers() {
        pbx.answer("GET /get_cdr", new StubServer.Answer(200, Map.of("Content-Type", "application/json",
                "Tenant-UUID", TENANT.toString()), "{\"total\":0,\"data\":[]}"));
    }

    @Override
    public Service service() {
        return new Service(mvc, () -> get("/pbx/get_cdr"), "cdr-service", TestTokens.CDR,
                () -> get("/pbx/tenants"));
    }

    @Test
    void theTenantListIsForAdminTokensOnly() throws Exception {
        mvc.perform(get("/pbx/tenants").with(TestTokens.tenant(TENANT))).andExpect(status().isForbidden());
        mvc.perform(get("/pbx/tenants").with(TestTokens.admin())).andExpect(status().isOk());
    }
}
