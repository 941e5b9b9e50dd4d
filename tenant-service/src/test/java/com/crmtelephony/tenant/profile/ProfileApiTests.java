package com.crmtelephony.tenant.profile;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

import com.crmtelephony.tenant.TenantServiceTest;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A tenant's profile: read by cdr-service and phonebook-service with their own tokens, by no caller. */
class ProfileApiTests extends TenantServiceTest {

    @Test
    void theServicesHoldingTenantsDataReadRegionZoneAndTheSharesSet() throws Exception {
        UUID id = newTenant("Profiled");
        mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"region\":\"GR\",\"timeZone\":\"Europe/Athens\"}")).andExpect(status().isOk());
        mvc.perform(put("/tenants/" + id + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"jobs\":2,\"requestsPerSecond\":5}")).andExpect(status().isOk());
        String expected = "{\"id\":\"" + id + "\",\"region\":\"GR\",\"timeZone\":\"Europe/Athens\",\"suspended\":false,"
                + "\"shares\":{\"jobs\":2,\"requestsPerSecond\":5.0}}";
        for (var service : new TestTokens.Token[] {TestTokens.service("cdr-service", TestTokens.CDR),
                TestTokens.service("phonebook-service", TestTokens.PHONEBOOK)}) {
            mvc.perform(get("/profiles/" + id).with(service)).andExpect(status().isOk())
                    .andExpect(content().json(expected, JsonCompareMode.STRICT));
        }
        mvc.perform(get("/profiles/" + UUID.randomUUID()).with(TestTokens.service("cdr-service", TestTokens.CDR)))
                .andExpect(status().isNotFound());
    }

    @Test
    void noCallerNorOtherServiceReadsAProfile() throws Exception {
        UUID id = newTenant("ProfileGuarded");
        mvc.perform(get("/profiles/" + id).with(admin())).andExpect(status().isForbidden());
        mvc.perform(get("/profiles/" + id).with(tenant(id))).andExpect(status().isForbidden());
        mvc.perform(get("/profiles/" + id).with(TestTokens.service("pbx-integration-service", TestTokens.PBX)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/tenants/" + id).with(TestTokens.service("cdr-service", TestTokens.CDR)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/profiles/" + id).with(TestTokens.service("cdr-service", TestTokens.ATTACKER)))
                .andExpect(status().isUnauthorized());
    }
}
