package com.crmtelephony.pbx.inbox;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import com.crmtelephony.pbx.PbxIntegrationTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.service;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** POST /pbx/erasures: kept webhooks that name the person's numbers go, in this tenant only; pending ones wait for cdr-service. */
class InboxErasureTests extends PbxIntegrationTest {

    void row(UUID tenant, String id, String callerNumber, boolean forwarded) {
        jdbc.update("insert into inbox_event (tenant_id, id, body, forwarded_at) values (?, ?, ?, " + (forwarded ? "now()" : "null") + ")",
                tenant, id, "{\"uuid\":\"c-" + id + "\",\"caller_number\":" + callerNumber + ",\"destination_number\":101}");
    }

    long rows(UUID tenant) {
        return jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?", Long.class, tenant);
    }

    /** cdr-service's own token, naming the tenant as its erasure does. */
    static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder erasure(UUID tenant) {
        return post("/pbx/erasures").with(service("cdr-service", com.crmtelephony.testsupport.TestTokens.CDR))
                .header(com.crmtelephony.support.caller.Callers.TENANT_HEADER, tenant.toString())
                .contentType(MediaType.APPLICATION_JSON);
    }

    @Test
    void keptWebhooksNamingTheNumbersGoAndNothingElse() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        for (UUID t : new UUID[] {tenant, other}) {
            row(t, "er_1", "35799600001", true);
            row(t, "er_2", "35799600002", true);
        }
        jdbc.update("update inbox_event set rejected = '422: x', forwarded_at = null where tenant_id = ? and id = 'er_2'", tenant);

        mvc.perform(erasure(tenant)
                        .content("{\"numbers\":[\"35799600001\",\"0035799600002\",\"35799600002\"]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.webhooks").value(2)).andExpect(jsonPath("$.pending").value(0));
        assertThat(rows(tenant)).isZero();
        assertThat(rows(other)).isEqualTo(2);
    }

    @Test
    void badNumbersAreRefusedAndNothingGoes() throws Exception {
        UUID tenant = UUID.randomUUID();
        row(tenant, "er_3", "35799600003", true);
        for (String body : new String[] {"{}", "{\"numbers\":[]}", "{\"numbers\":[\"\"]}", "{\"numbers\":[\"1\"]}",
                "{\"numbers\":[\"%\"]}", "{\"numbers\":[null]}"}) {
            mvc.perform(erasure(tenant).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        assertThat(rows(tenant)).isEqualTo(1);
    }

    /** A short number is matched as a party, never as a piece of another body (issue 37: "123" once took every body holding it). */
    @Test
    void aNumberMatchesOnlyAPartyNeverPartOfAnotherBody() throws Exception {
        UUID tenant = UUID.randomUUID();
        row(tenant, "er_4", "35712312345", true);
        row(tenant, "er_5", "123", true);
        jdbc.update("insert into inbox_event (tenant_id, id, body, forwarded_at) values (?, 'er_6', 'not json 123', now())", tenant);
        mvc.perform(erasure(tenant).content("{\"numbers\":[\"123\"]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.webhooks").value(1));
        assertThat(jdbc.queryForList("select id from inbox_event where tenant_id = ? order by id", String.class, tenant))
                .containsExactly("er_4", "er_6");
    }

    /** The erasure's part is cdr-service's: no caller's token reaches it, a tenant's nor an admin's. */
    @Test
    void noCallersTokenMayErase() throws Exception {
        UUID tenant = UUID.randomUUID();
        row(tenant, "er_7", "35799600007", true);
        for (var token : new com.crmtelephony.testsupport.TestTokens.Token[] {tenant(tenant), admin()}) {
            mvc.perform(post("/pbx/erasures").with(token).header(com.crmtelephony.support.caller.Callers.TENANT_HEADER, tenant.toString())
                            .contentType(MediaType.APPLICATION_JSON).content("{\"numbers\":[\"35799600007\"]}"))
                    .andExpect(status().isForbidden());
        }
        assertThat(rows(tenant)).isEqualTo(1);
    }

    /**
     * Issue 37: the tables here that keep what a PBX sent (a webhook's body names both parties) are
     * ones this service's erasure takes care of; a new one fails here until it has its step.
     */
    @Test
    void everyTableThatHoldsANumberOrABodyHasAnErasureStep() {
        assertThat(com.crmtelephony.testsupport.PersonalColumns.uncovered(jdbc, "(number|phone|email|caller|destination|body)", java.util.List.of(),
                new com.crmtelephony.support.privacy.ErasureSteps(steps).tables())).isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.beans.factory.ObjectProvider<com.crmtelephony.support.privacy.ErasureStep> steps;
}
