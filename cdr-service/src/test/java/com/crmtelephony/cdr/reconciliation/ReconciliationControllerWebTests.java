package com.crmtelephony.cdr.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The reconciliation report's web layer alone (a web slice: the controller and the error advice,
 * the service a mock, the services' token check in front): its window, the tenant it is for, and
 * what a busy share or an unreachable PBX answers.
 */
@WebMvcTest(value = ReconciliationController.class, properties = "crm.embedded-postgres.enabled=false")
class ReconciliationControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    ReconciliationService reconciliation;

    @Test
    void theReportIsTheTenantsForItsDays() throws Exception {
        given(reconciliation.report(TENANT, 2)).willReturn(new Reconciliation(TENANT, Instant.parse("2026-12-05T00:00:00Z"),
                Instant.parse("2026-12-07T00:00:00Z"), 15, true, true, List.of(
                        new Reconciliation.Day(LocalDate.parse("2026-12-05"), 3, 2, 1, List.of("lost-1"), 0, 0, 1L),
                        new Reconciliation.Day(LocalDate.parse("2026-12-06"), 0, 0, 0, List.of(), 0, 1, 0L))));
        mvc.perform(get("/cdr/reconciliation").with(tenant(TENANT)).param("days", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days.length()").value(2))
                .andExpect(jsonPath("$.days[0].missingSample[0]").value("lost-1"))
                .andExpect(jsonPath("$.days[1].stuckCalls").value(1))
                .andExpect(jsonPath("$.pbxComplete").value(true));
    }

    @Test
    void aWindowOutOfRangeIsABadRequestNamingDaysAndNothingIsRead() throws Exception {
        for (String days : List.of("0", "32", "-1", "a week")) {
            mvc.perform(get("/cdr/reconciliation").with(tenant(TENANT)).param("days", days))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("days")));
        }
        verify(reconciliation, never()).report(org.mockito.ArgumentMatchers.any(), anyInt());
    }

    @Test
    void aBusyShareIs429WithRetryAfterAndAnUnreachablePbxIs503() throws Exception {
        given(reconciliation.report(TENANT, 7)).willThrow(new ShareExceededException("reconciliations", 1,
                "reconciliation reports computed", 5));
        mvc.perform(get("/cdr/reconciliation").with(tenant(TENANT)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.share").value("reconciliations"));
        UUID other = UUID.randomUUID();
        given(reconciliation.report(other, 7)).willThrow(new DependencyUnavailableException("pbx-integration-service", null));
        mvc.perform(get("/cdr/reconciliation").with(tenant(other)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void withoutATokenNothingIsRead() throws Exception {
        mvc.perform(get("/cdr/reconciliation")).andExpect(status().isUnauthorized());
        verifyNoInteractions(reconciliation);
    }
}
