package com.crmtelephony.cdr.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sync endpoint's web layer alone (a web slice: the controller and the error advice, the
 * sync and the jobs mocks, the services' token check in front): whose calls it pulls, as a job
 * when asked, and what an unreachable PBX answers.
 */
@WebMvcTest(value = SyncController.class, properties = "crm.embedded-postgres.enabled=false")
class SyncControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    SyncService sync;
    @MockitoBean
    Jobs jobs;

    @Test
    void aTenantsSyncPullsItsOwnCallsAndAnswersWhatItStored() throws Exception {
        given(sync.sync(eq(TENANT), eq(true), any())).willReturn(new SyncSummary(5, 3, 1, TENANT, 1, 0, null, null));
        mvc.perform(post("/cdr/update_cdr").with(tenant(TENANT)).param("full", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fetched").value(5))
                .andExpect(jsonPath("$.inserted").value(3))
                .andExpect(jsonPath("$.tenants").doesNotExist());
        verify(sync, never()).syncAll(anyBoolean(), any());
    }

    @Test
    void onlyAnAdminSyncsEveryTenant() throws Exception {
        given(sync.syncAll(eq(false), any())).willReturn(new SyncSummary(0, 0, 0, null, 0, 0, null, List.of()));
        mvc.perform(post("/cdr/update_cdr").with(TestTokens.admin())).andExpect(status().isOk());
        verify(sync).syncAll(eq(false), any());
    }

    @Test
    void asAJobItAnswers202WithWhereToFollowIt() throws Exception {
        UUID id = UUID.randomUUID();
        given(jobs.start(eq(TENANT), eq(SyncController.JOB_KIND), any())).willReturn(new Job(id, SyncController.JOB_KIND,
                Job.State.QUEUED, 0, null, 0, List.of(), null, null, Instant.now(), Instant.now(), null));
        mvc.perform(post("/cdr/update_cdr").with(tenant(TENANT)).header("Prefer", "respond-async"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", endsWith("jobs/" + id)));
        verifyNoInteractions(sync);
    }

    @Test
    void anUnreachablePbxIs503AndABadFlagIs400() throws Exception {
        given(sync.sync(eq(TENANT), eq(false), any())).willThrow(new DependencyUnavailableException("pbx-integration-service", null));
        mvc.perform(post("/cdr/update_cdr").with(tenant(TENANT)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/cdr/update_cdr").with(tenant(TENANT)).param("full", "maybe"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("full")));
    }

    @Test
    void withoutATokenNothingIsPulled() throws Exception {
        mvc.perform(post("/cdr/update_cdr")).andExpect(status().isUnauthorized());
        verifyNoInteractions(sync);
        verify(jobs, never()).start(any(UUID.class), anyString(), any());
    }
}
