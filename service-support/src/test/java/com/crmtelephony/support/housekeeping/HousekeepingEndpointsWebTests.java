package com.crmtelephony.support.housekeeping;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.crmtelephony.support.audit.AuditEndpoints;
import com.crmtelephony.support.audit.AuditTrail;
import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.JobResource;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.retention.ExpiredRows;
import com.crmtelephony.support.retention.RetentionEndpoints;
import com.crmtelephony.support.retention.RetentionPeriod;
import com.crmtelephony.support.retention.TenantRetention;
import com.crmtelephony.support.web.ProblemResponses;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The endpoints every service mounts under its own prefix (retention, audit trail, jobs), sliced
 * once here on a service of this test's own: who may call them, the bad input they refuse (400
 * or 403 as problem+json, nothing stored or read) and what they answer. Each service's slice
 * then checks only that its controllers sit under its prefix.
 */
@WebMvcTest(controllers = {HousekeepingEndpointsWebTests.Retention.class, HousekeepingEndpointsWebTests.Audit.class,
        HousekeepingEndpointsWebTests.JobsResource.class, HousekeepingEndpointsWebTests.Problems.class},
        // The gateway's tokens, trusted as config-repo's application.yml trusts them.
        properties = {"crm.tokens.audience=cdr-service", "crm.tokens.trusted.api-gateway.public-keys=${GATEWAY_TOKEN_PUBLIC_KEYS}",
                "crm.tokens.trusted.api-gateway.endpoints[0]=/**"})
class HousekeepingEndpointsWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Retention.class, Audit.class, JobsResource.class, Problems.class})
    static class Service {
    }

    /** The one exception handler each service has. */
    @RestControllerAdvice
    static class Problems extends ProblemResponses {
    }

    @RestController
    @RequestMapping("/svc/retention")
    static class Retention extends RetentionEndpoints {
        Retention(TenantRetention retention) {
            super(retention);
        }
    }

    @RestController
    @RequestMapping("/svc/audit")
    static class Audit extends AuditEndpoints {
        Audit(AuditTrail trail) {
            super(trail);
        }
    }

    @RestController
    @RequestMapping("/svc")
    static class JobsResource extends JobResource {
        JobsResource(Jobs jobs) {
            super(jobs);
        }
    }

    @MockitoBean
    TenantRetention retention;
    @MockitoBean
    AuditTrail trail;
    @MockitoBean
    Jobs jobs;

    @Test
    void aTenantReadsItsOwnPeriodAndMayNotSetIt() throws Exception {
        given(retention.period(TENANT)).willReturn(new RetentionPeriod(30));
        mvc.perform(get("/svc/retention").with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.days").value(30));
        mvc.perform(put("/svc/retention").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content("{\"days\":1}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/svc/retention/run").with(tenant(TENANT))).andExpect(status().isForbidden());
        verify(retention, never()).setPeriod(any(), any());
        verify(retention, never()).removeExpired();
    }

    @Test
    void anAdminSetsATenantsPeriodAndASlipIsABadRequestNamingDaysNothingStored() throws Exception {
        mvc.perform(put("/svc/retention").with(admin()).header("tenant-uuid", TENANT.toString())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\":365}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.days").value(365));
        verify(retention).setPeriod(TENANT, new RetentionPeriod(365));
        mvc.perform(put("/svc/retention").with(admin()).header("tenant-uuid", TENANT.toString())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\":null}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.days").doesNotExist());
        verify(retention).setPeriod(TENANT, RetentionPeriod.KEEP_EVERYTHING);
        for (String bad : List.of("{}", "{\"dayz\":30}", "{\"days\":1.5}", "{\"days\":0}", "{\"days\":36501}",
                "{\"days\":\"30\"}", "{\"days\":30,\"more\":1}", "[30]", "30")) {
            mvc.perform(put("/svc/retention").with(admin()).header("tenant-uuid", TENANT.toString())
                            .contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("days")));
        }
        verify(retention, never()).setPeriod(TENANT, new RetentionPeriod(0));
        verify(retention, never()).setPeriod(TENANT, new RetentionPeriod(1));
        verify(retention, never()).setPeriod(TENANT, new RetentionPeriod(36_501));
    }

    @Test
    void theRunAnswersWhatWasRemovedOrAConflictWhileAnotherInstanceRunsIt() throws Exception {
        given(retention.removeExpired()).willReturn(List.of(new ExpiredRows.Removed(TENANT, 30, 12)));
        mvc.perform(post("/svc/retention/run").with(admin()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].tenant").value(TENANT.toString()));
        given(retention.removeExpired()).willReturn(null);
        mvc.perform(post("/svc/retention/run").with(admin()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void theAuditTrailIsForAdminsAndItsBoundsAreCheckedBeforeAnythingIsRead() throws Exception {
        given(trail.find(null, null, null, TENANT, 5)).willReturn(List.of(new AuditTrail.Entry(1, Instant.parse("2026-12-01T10:00:00Z"),
                "ops", "PUT", "/svc/retention", TENANT, 200, "trace")));
        mvc.perform(get("/svc/audit").with(admin()).param("tenant", TENANT.toString()).param("limit", "5"))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].keyName").value("ops"));
        mvc.perform(get("/svc/audit").with(tenant(TENANT))).andExpect(status().isForbidden());
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "1001"}, {"from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z"},
                {"tenant", "not-a-uuid"}, {"from", "yesterday"}}) {
            var request = get("/svc/audit").with(admin());
            for (int i = 0; i < bad.length; i += 2) {
                request.param(bad[i], bad[i + 1]);
            }
            mvc.perform(request)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[0])));
        }
        verify(trail).find(any(), any(), any(), any(), anyInt());
    }

    @Test
    void aJobIsReadByItsTenantOrAnAdminAndAnythingElseIsNotFound() throws Exception {
        UUID id = UUID.randomUUID();
        given(jobs.find(id, TENANT, false)).willReturn(Optional.of(new Job(id, "sync", Job.State.RUNNING, 3, 10L, 0, List.of(),
                null, null, Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:01Z"), null)));
        mvc.perform(get("/svc/jobs/" + id).with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.done").value(3));
        UUID other = UUID.randomUUID();
        given(jobs.find(id, other, false)).willReturn(Optional.empty());
        mvc.perform(get("/svc/jobs/" + id).with(tenant(other)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        given(jobs.find(id, null, true)).willReturn(Optional.empty());
        mvc.perform(get("/svc/jobs/" + id).with(admin())).andExpect(status().isNotFound());
        verify(jobs).find(id, null, true);
        mvc.perform(get("/svc/jobs/not-a-uuid").with(tenant(TENANT)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("id")));
    }

    @Test
    void withoutATokenNothingIsAnswered() throws Exception {
        mvc.perform(get("/svc/retention")).andExpect(status().isUnauthorized());
        mvc.perform(post("/svc/retention/run")).andExpect(status().isUnauthorized());
        mvc.perform(get("/svc/audit")).andExpect(status().isUnauthorized());
        mvc.perform(get("/svc/jobs/" + UUID.randomUUID())).andExpect(status().isUnauthorized());
        verifyNoInteractions(retention, trail, jobs);
    }

    @Test
    void anAdminFlagIsNeverTakenFromAHeaderATenantSends() throws Exception {
        mvc.perform(put("/svc/retention").with(tenant(TENANT)).header("X-Crm-Role", "admin")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\":1}"))
                .andExpect(status().isForbidden());
        verify(retention, never()).setPeriod(any(), any());
        verify(jobs, never()).find(any(), any(), anyBoolean());
    }
}
