package com.crmtelephony.tenant.registry;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import com.crmtelephony.tenant.TenantServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class TenantApiTests extends TenantServiceTest {

    @Test
    void anAdminRegistersATenantWithTheDeploymentsRegionAndZoneByDefault() throws Exception {
        String name = "Acme " + UUID.randomUUID();
        String body = mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"  " + name + " \"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("tenants/")))
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.region").value("CY"))
                .andExpect(jsonPath("$.timeZone").value("Europe/Nicosia"))
                .andExpect(jsonPath("$.suspendedAt").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(json(body).get("id").asString());
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Brit " + id + "\",\"region\":\"gb\",\"timeZone\":\"Europe/London\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.region").value("GB"))
                .andExpect(jsonPath("$.timeZone").value("Europe/London"));
        mvc.perform(get("/tenants/" + id).with(admin())).andExpect(status().isOk()).andExpect(jsonPath("$.name").value(name));
    }

    @Test
    void aTenantReadsItsOwnRecordOnlyAndAnotherTenantsIsNotFound() throws Exception {
        UUID mine = newTenant("Mine");
        UUID theirs = newTenant("Theirs");
        mvc.perform(get("/tenants/" + mine).with(tenant(mine))).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(mine.toString()));
        mvc.perform(get("/tenants/" + theirs).with(tenant(mine)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        // Naming the other tenant in tenant-uuid, as an admin would, is refused for a tenant key.
        mvc.perform(get("/tenants/" + theirs).with(tenant(mine)).header("tenant-uuid", theirs.toString()))
                .andExpect(status().isForbidden());
        // The list, for a tenant key: its own tenant, nothing of another's.
        mvc.perform(get("/tenants").with(tenant(mine))).andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "1"))
                .andExpect(jsonPath("$.length()").value(1)).andExpect(jsonPath("$[0].id").value(mine.toString()));
    }

    @Test
    void onlyAnAdminWritesTheRegistryAndATenantsAttemptStoresNothing() throws Exception {
        UUID mine = newTenant("Writer");
        long before = tenants();
        mvc.perform(post("/tenants").with(tenant(mine)).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Mallory\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(patch("/tenants/" + mine).with(tenant(mine)).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Renamed\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/tenants/" + mine).with(tenant(mine))).andExpect(status().isForbidden());
        mvc.perform(post("/tenants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Nobody\"}"))
                .andExpect(status().isUnauthorized());
        assertThat(tenants()).isEqualTo(before);
        mvc.perform(get("/tenants/" + mine).with(admin())).andExpect(jsonPath("$.name").value(startsWith("Writer ")))
                .andExpect(jsonPath("$.suspendedAt").doesNotExist());
    }

    @Test
    void badInputIsABadRequestNamingTheFieldAndNothingIsStored() throws Exception {
        long before = tenants();
        String[][] bads = {
                {"{\"name\":\"A\",\"region\":\"XX\"}", "region"},
                {"{\"name\":\"A\",\"region\":\"CYP\"}", "region"},
                {"{\"name\":\"A\",\"region\":7}", "region"},
                {"{\"name\":\"A\",\"timeZone\":\"Mars/Olympus\"}", "timeZone"},
                {"{\"name\":\"A\",\"timeZone\":\"+02:00\"}", "timeZone"},
                {"{\"name\":\"A\\u0000B\"}", "name"},
                {"{\"name\":\"" + "n".repeat(101) + "\"}", "name"},
                {"{\"name\":\"   \"}", "name"},
                {"{\"name\":42}", "name"},
                {"{\"region\":\"CY\"}", "name"},
                {"{\"name\":\"A\",\"timezone\":\"Europe/London\"}", "timezone"},
                {"[{\"name\":\"A\"}]", "object"},
                {"\"A\"", "object"},
        };
        for (String[] bad : bads) {
            mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON).content(bad[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/tenants").with(admin())).andExpect(status().isBadRequest());
        assertThat(tenants()).isEqualTo(before);
    }

    @Test
    void aSecondTenantWithTheSameNameIgnoringCaseIsAConflict() throws Exception {
        String name = "Same " + UUID.randomUUID();
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}"))
                .andExpect(status().isCreated());
        long before = tenants();
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name.toUpperCase() + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(tenants()).isEqualTo(before);
        UUID other = newTenant("Other");
        mvc.perform(patch("/tenants/" + other).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}"))
                .andExpect(status().isConflict());
        mvc.perform(get("/tenants/" + other).with(admin())).andExpect(jsonPath("$.name").value(startsWith("Other ")));
    }

    @Test
    void aTenantIsRegisteredUnderTheIdItsPbxKnowsItByOnce() throws Exception {
        UUID id = UUID.randomUUID();
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"id\":\"" + id + "\",\"name\":\"Known " + id + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(id.toString()));
        long before = tenants();
        mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"" + id + "\",\"name\":\"Again " + id + "\"}")).andExpect(status().isConflict());
        for (String bad : new String[] {"\"not-a-uuid\"", "7", "\"" + id.toString().replace("-", "") + "\""}) {
            mvc.perform(post("/tenants").with(admin()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"id\":" + bad + ",\"name\":\"Bad id " + UUID.randomUUID() + "\"}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("id")));
        }
        assertThat(tenants()).isEqualTo(before);
    }

    @Test
    void aPatchChangesWhatItSendsAndADeleteSuspendsKeepingTheTenant() throws Exception {
        UUID id = newTenant("Patched");
        mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"timeZone\":\"Asia/Tokyo\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("Asia/Tokyo"))
                .andExpect(jsonPath("$.region").value("CY"))
                .andExpect(jsonPath("$.name").value(startsWith("Patched ")));
        mvc.perform(delete("/tenants/" + id).with(admin())).andExpect(status().isNoContent());
        String suspendedAt = json(mvc.perform(get("/tenants/" + id).with(admin())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).get("suspendedAt").asString();
        // Suspending again keeps the first time.
        mvc.perform(delete("/tenants/" + id).with(admin())).andExpect(status().isNoContent());
        mvc.perform(get("/tenants/" + id).with(admin())).andExpect(jsonPath("$.suspendedAt").value(suspendedAt));
        mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"suspended\":false}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.suspendedAt").doesNotExist());
        for (String bad : List.of("{\"suspended\":\"no\"}", "{\"id\":\"" + UUID.randomUUID() + "\"}", "{\"region\":\"ZZ\"}")) {
            mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest());
        }
        UUID unknown = UUID.randomUUID();
        mvc.perform(patch("/tenants/" + unknown).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"X\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/tenants/" + unknown).with(admin())).andExpect(status().isNotFound());
        mvc.perform(get("/tenants/not-a-uuid").with(admin())).andExpect(status().isBadRequest());
    }

    @Test
    void theListIsPagedWithItsTotal() throws Exception {
        newTenant("Listed");
        mvc.perform(get("/tenants").with(admin()).param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", String.valueOf(tenants())))
                .andExpect(jsonPath("$.length()").value(1));
        for (String size : List.of("0", "1001", "many")) {
            mvc.perform(get("/tenants").with(admin()).param("size", size)).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString("size")));
        }
    }

    @Test
    void everyRegistryWriteIsInTheAuditTrail() throws Exception {
        UUID id = newTenant("Audited");
        mvc.perform(patch("/tenants/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"region\":\"GR\"}"))
                .andExpect(status().isOk());
        mvc.perform(delete("/tenants/" + id).with(admin())).andExpect(status().isNoContent());
        List<String> entries = jdbc.queryForList("select method || ' ' || path || ' ' || status from audit_entry where path like ?",
                String.class, "/tenants/" + id + "%");
        assertThat(entries).contains("PATCH /tenants/" + id + " 200", "DELETE /tenants/" + id + " 204");
        mvc.perform(get("/tenants/audit").with(admin()).param("limit", "50"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.path == '/tenants/" + id + "' && @.method == 'DELETE')]").exists());
    }
}
