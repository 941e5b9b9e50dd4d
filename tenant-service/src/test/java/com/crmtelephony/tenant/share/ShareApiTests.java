package com.crmtelephony.tenant.share;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

import com.crmtelephony.tenant.TenantServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ShareApiTests extends TenantServiceTest {

    private long shares() {
        return jdbc.queryForObject("select count(*) from tenant_share", Long.class);
    }

    @Test
    void anAdminSetsTheWholeSetAndWhatItLeavesOutIsTheDefaultAgain() throws Exception {
        UUID id = newTenant("Shared");
        mvc.perform(get("/tenants/" + id + "/shares").with(admin())).andExpect(status().isOk()).andExpect(content().json("{}"));
        String all = "{\"streams\":100,\"jobs\":8,\"deliveries\":4,\"requestsPerSecond\":20.5,\"burst\":40}";
        mvc.perform(put("/tenants/" + id + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON).content(all))
                .andExpect(status().isOk()).andExpect(jsonPath("$.streams").value(100));
        mvc.perform(get("/tenants/" + id + "/shares").with(tenant(id))).andExpect(status().isOk())
                .andExpect(content().json(all, JsonCompareMode.STRICT));
        mvc.perform(put("/tenants/" + id + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"jobs\":2}")).andExpect(status().isOk());
        mvc.perform(get("/tenants/" + id + "/shares").with(admin())).andExpect(content().json("{\"jobs\":2}", JsonCompareMode.STRICT));
        assertThat(jdbc.queryForList("select method || ' ' || path from audit_entry where tenant_id = ? or path like ?",
                String.class, id, "/tenants/" + id + "%")).contains("PUT /tenants/" + id + "/shares");
    }

    @Test
    void aTenantNeitherSetsItsOwnSharesNorReadsAnothersAndBadInputNamesTheField() throws Exception {
        UUID mine = newTenant("ShareMine");
        UUID theirs = newTenant("ShareTheirs");
        long before = shares();
        mvc.perform(put("/tenants/" + mine + "/shares").with(tenant(mine)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"requestsPerSecond\":100000}")).andExpect(status().isForbidden());
        mvc.perform(get("/tenants/" + theirs + "/shares").with(tenant(mine))).andExpect(status().isNotFound());
        String[][] bads = {
                {"{\"streams\":-1}", "streams"}, {"{\"streams\":10001}", "streams"}, {"{\"jobs\":1.5}", "jobs"},
                {"{\"deliveries\":\"2\"}", "deliveries"}, {"{\"requestsPerSecond\":0}", "requestsPerSecond"},
                {"{\"requestsPerSecond\":\"fast\"}", "requestsPerSecond"}, {"{\"burst\":0}", "burst"},
                {"{\"rate\":5}", "rate"}, {"[]", "object"}};
        for (String[] bad : bads) {
            mvc.perform(put("/tenants/" + mine + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON).content(bad[0]))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        mvc.perform(put("/tenants/" + UUID.randomUUID() + "/shares").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"jobs\":1}")).andExpect(status().isNotFound());
        assertThat(shares()).isEqualTo(before);
    }
}
