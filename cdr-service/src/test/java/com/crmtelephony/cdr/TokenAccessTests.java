package com.crmtelephony.cdr;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenAccessContract;

import static com.crmtelephony.testsupport.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * cdr-service trusts the gateway's tokens by their role, and pbx-integration-service's own token
 * for the one call its webhook forwarding makes (POST /cdr/post, batches of events), nothing else.
 */
class TokenAccessTests extends CdrServiceTest implements TokenAccessContract {

    @Override
    public Service service() {
        return new Service(mvc, () -> get("/cdr/get"), "pbx-integration-service", TestTokens.PBX,
                () -> post("/cdr/post").header("tenant-uuid", TENANT.toString()).contentType(MediaType.APPLICATION_JSON)
                        .content("[" + call("tok-" + UUID.randomUUID(), "RING", "2026-11-30T10:00:00Z") + "]"));
    }

    @Test
    void pbxIntegrationsTokenNoLongerUpsertsOneCallAtATime() throws Exception {
        mvc.perform(put("/cdr/put").with(TestTokens.bearer(TestTokens.service("pbx-integration-service", TestTokens.PBX).signed()))
                        .header("tenant-uuid", TENANT.toString()).contentType(MediaType.APPLICATION_JSON)
                        .content(call("tok-put", "RING", "2026-11-30T10:00:00Z")))
                .andExpect(status().isForbidden());
    }

    @Test
    void nothingIsStoredForARequestWithHeadersButNoToken() throws Exception {
        UUID tenant = newTenant();
        mvc.perform(post("/cdr/post").header("tenant-uuid", tenant.toString()).header("X-Crm-Role", "admin")
                        .contentType(MediaType.APPLICATION_JSON).content("[" + call("h1", "RING", "2026-11-30T10:00:00Z") + "]"))
                .andExpect(status().isUnauthorized());
        assertThat(storedCalls(tenant)).isZero();
    }

    @Test
    void everyTenantsReportsAreForAnAdminTokenOnly() throws Exception {
        mvc.perform(get("/cdr/reports").with(TestTokens.tenant(newTenant())).header("X-Crm-Role", "admin"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        // Nor the PBX integration's own token, which is an admin's only for forwarding calls.
        mvc.perform(get("/cdr/reports").with(bearer(TestTokens.service("pbx-integration-service", TestTokens.PBX).signed())))
                .andExpect(status().isForbidden());
        mvc.perform(get("/cdr/reports").with(TestTokens.admin())).andExpect(status().isOk());
    }
}
