package com.crmtelephony.cdr.sync;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PbxIntegrationStub;
import com.crmtelephony.testsupport.TestJobs;

import static com.crmtelephony.cdr.PbxIntegrationStub.pbxCall;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code POST /cdr/update_cdr} with {@code Prefer: respond-async}: 202 and a job that ends as the synchronous sync would answer. */
class SyncJobTests extends CdrServiceTest {

    private String startSync(RequestPostProcessor caller) throws Exception {
        return TestJobs.accepted(mvc.perform(post("/cdr/update_cdr").with(caller).header("Prefer", "respond-async")),
                "cdr-sync", "jobs/");
    }

    private String ended(RequestPostProcessor caller, String id) throws Exception {
        return TestJobs.ended(mvc, "/cdr/jobs/", id, caller);
    }

    @Test
    void aTenantsAsyncSyncCountsTheCallsFetchedAndEndsWithTheSynchronousAnswer() throws Exception {
        UUID tenant = newTenant();
        for (int i = 1; i <= 5; i++) {
            pbx.calls(tenant).add(pbxCall("j" + i, 35799000000L + i, null, "HANGUP"));
        }
        pbx.calls(tenant).add(pbxCall("bad", 35799000001L, null, "EXPLODED"));
        String job = ended(tenant(tenant), startSync(tenant(tenant)));

        assertThat((String) JsonPath.read(job, "$.state")).isEqualTo("succeeded");
        assertThat((Integer) JsonPath.read(job, "$.total")).isEqualTo(6);
        assertThat((Integer) JsonPath.read(job, "$.done")).isEqualTo(6);
        assertThat((Integer) JsonPath.read(job, "$.errorCount")).isEqualTo(1);
        assertThat((String) JsonPath.read(job, "$.errors[0].uuid")).isEqualTo("bad");
        assertThat((Integer) JsonPath.read(job, "$.result.inserted")).isEqualTo(5);
        assertThat((String) JsonPath.read(job, "$.result.tenant")).isEqualTo(tenant.toString());
        assertThat(storedCalls(tenant)).isEqualTo(5);

        // Another tenant cannot read it; an admin can.
        mvc.perform(get("/cdr/jobs/{id}", JsonPath.read(job, "$.id").toString()).with(tenant(newTenant())))
                .andExpect(status().isNotFound());
        mvc.perform(get("/cdr/jobs/{id}", JsonPath.read(job, "$.id").toString()).with(admin()))
                .andExpect(status().isOk());
    }

    @Test
    void withThePbxDownTheJobFailsSayingWhyAndNothingIsWritten() throws Exception {
        UUID tenant = newTenant();
        pbx.calls(tenant).add(pbxCall("d1", 35799000001L, null, "HANGUP"));
        pbx.mode(PbxIntegrationStub.Mode.DOWN);
        String job = ended(tenant(tenant), startSync(tenant(tenant)));
        assertThat((String) JsonPath.read(job, "$.state")).isEqualTo("failed");
        assertThat((String) JsonPath.read(job, "$.failure")).contains("pbx-integration-service is unavailable");
        assertThat(storedCalls(tenant)).isZero();
    }

    @Test
    void anAdminsSyncOfEveryTenantIsAnAdminsJobOnly() throws Exception {
        UUID tenant = newTenant();
        pbx.calls(tenant).add(pbxCall("a1", 35799000001L, null, "HANGUP"));
        String id = startSync(admin());
        String job = ended(admin(), id);
        assertThat((String) JsonPath.read(job, "$.state")).isEqualTo("succeeded");
        assertThat((Integer) JsonPath.read(job, "$.done")).isEqualTo((Integer) JsonPath.read(job, "$.total")).isPositive();
        assertThat(storedCalls(tenant)).isEqualTo(1);
        mvc.perform(get("/cdr/jobs/{id}", id).with(tenant(tenant))).andExpect(status().isNotFound());
    }

    @Test
    void withoutATenantOrAnAdminNoJobStarts() throws Exception {
        long jobs = jdbc.queryForObject("select count(*) from job", Long.class);
        mvc.perform(post("/cdr/update_cdr").header("Prefer", "respond-async")).andExpect(status().isUnauthorized());
        assertThat(jdbc.queryForObject("select count(*) from job", Long.class)).isEqualTo(jobs);
    }
}
