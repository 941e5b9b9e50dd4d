package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.cdr.tenant.UnknownTenantException;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The report endpoints' web layer alone (a web slice: the controller and the error advice, the
 * report service a mock, the services' token check in front): parameters, admin checks and the
 * problem+json they answer with.
 */
@WebMvcTest(value = ReportController.class, properties = "crm.embedded-postgres.enabled=false")
class ReportControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    ReportService reports;

    @Test
    void aReportIsTheServicesForTheTenantAndRange() throws Exception {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-12-01T00:00:00Z");
        ReportRepository.Totals totals = new ReportRepository.Totals(2, 120, 0, 2, 0, 2, 100, 50.0, 3.0, 4.0, 0, 0);
        // No tz: the tenant's zone, which the service looks up (null here).
        given(reports.report(TENANT, from, to, new ReportOptions(null, 20, 5))).willReturn(ReportService.assemble(TENANT, null,
                totals, 9, new ReportRepository.NumberFigures(List.of(), true, 0, 0),
                new ReportService.Local(ZoneId.of("UTC"), Distribution.of(Map.of()),
                        CallCentre.of(20, 5, 2, 0, new long[0], new long[0], totals), List.of())));
        mvc.perform(get("/cdr/report").with(tenant(TENANT))
                        .param("from", from.toString()).param("to", to.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_number_of_calls").value(2))
                .andExpect(jsonPath("$.total_successful_call_in_minutes").value(2))
                .andExpect(jsonPath("$.tz").value("UTC"))
                .andExpect(jsonPath("$.call_centre.service_level_seconds").value(20))
                .andExpect(jsonPath("$.calls_by_weekday_hour.length()").value(7))
                .andExpect(jsonPath("$.tenant_uuid").value(TENANT.toString()));
    }

    @Test
    void theZoneAndThresholdsAreTheRequestsAndCheckedBeforeAnythingIsAsked() throws Exception {
        given(reports.report(any(), any(), any(), any())).willThrow(new UnknownTenantException(TENANT));
        mvc.perform(get("/cdr/report").with(tenant(TENANT)).param("tz", "Asia/Kolkata")
                .param("service_level_seconds", "30").param("short_abandon_seconds", "0"));
        verify(reports).report(TENANT, null, null, new ReportOptions(ZoneId.of("Asia/Kolkata"), 30, 0));
        clearInvocations(reports);
        for (String[] bad : new String[][] {{"tz", "Mars/Olympus"}, {"tz", "../../etc/passwd"}, {"service_level_seconds", "121"},
                {"service_level_seconds", "-1"}, {"service_level_seconds", "twenty"}, {"short_abandon_seconds", "999"}}) {
            mvc.perform(get("/cdr/report").with(tenant(TENANT)).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.detail", containsString(bad[0])));
        }
        verifyNoInteractions(reports);
    }

    @Test
    void aRangeThatEndsBeforeItStartsIs400AndAsksNothing() throws Exception {
        mvc.perform(get("/cdr/report").with(tenant(TENANT))
                        .param("from", "2026-12-01T00:00:00Z").param("to", "2026-11-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value("'to' must not be before 'from'"));
        verifyNoInteractions(reports);
    }

    @Test
    void malformedTenantsOrInstantsAre400() throws Exception {
        mvc.perform(get("/cdr/report").with(admin()).header("tenant-uuid", "not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/cdr/report").with(tenant(TENANT)).param("from", "yesterday"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/cdr/report").with(admin()))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(reports);
    }

    @Test
    void anUnknownTenantIs404Problem() throws Exception {
        given(reports.report(any(), any(), any(), any())).willThrow(new UnknownTenantException(TENANT));
        mvc.perform(get("/cdr/report").with(tenant(TENANT)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.instance").value("/cdr/report"));
    }

    @Test
    void everyTenantsReportsAreForAdminsOnly() throws Exception {
        mvc.perform(get("/cdr/reports"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/cdr/reports").with(tenant(TENANT)).header("X-Crm-Role", "admin"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        verifyNoInteractions(reports);
        given(reports.reports(null, null, ReportOptions.DEFAULT)).willReturn(List.of());
        mvc.perform(get("/cdr/reports").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$").isArray());
    }
}
