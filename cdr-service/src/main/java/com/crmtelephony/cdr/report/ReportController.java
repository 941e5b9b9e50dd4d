package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "reports", description = "Call statistics computed by the database")
@RestController
@RequestMapping("/cdr")
class ReportController {

    private static final String TZ = "IANA zone of the per-day and per-hour figures (default: the tenant's, as the "
            + "tenant registry holds it; UTC while the registry cannot say)";
    private static final String SERVICE_LEVEL = "N of the service level: inbound calls answered within N seconds (0-120, default 20)";
    private static final String SHORT_ABANDON = "unanswered inbound calls that rang less than this are short abandons, "
            + "counted in no rate (0-120 s, default 5)";

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @Operation(summary = "The tenant's report", description = "404 for a tenant with no calls and no sync yet. "
            + "If the phone book is unreachable the report still answers, with unmatched_available=false.")
    @GetMapping("/report")
    Report report(@RequestHeader(Tenants.HEADER) UUID tenant,
                  @Parameter(description = "calls that started at or after this instant") @RequestParam(required = false) Instant from,
                  @Parameter(description = "calls that started before this instant") @RequestParam(required = false) Instant to,
                  @Parameter(description = TZ) @RequestParam(required = false) String tz,
                  @Parameter(description = SERVICE_LEVEL) @RequestParam(name = "service_level_seconds", required = false) Integer serviceLevelSeconds,
                  @Parameter(description = SHORT_ABANDON) @RequestParam(name = "short_abandon_seconds", required = false) Integer shortAbandonSeconds) {
        Tenants.checkRange(from, to);
        return reports.report(tenant, from, to, ReportOptions.of(tz, serviceLevelSeconds, shortAbandonSeconds));
    }

    @Operation(summary = "One report per tenant (admin keys only)")
    @GetMapping("/reports")
    List<Report> reports(@Parameter(hidden = true) @RequestHeader(name = Tenants.ROLE_HEADER, required = false) String role,
                         @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @Parameter(description = TZ) @RequestParam(required = false) String tz,
                         @Parameter(description = SERVICE_LEVEL) @RequestParam(name = "service_level_seconds", required = false) Integer serviceLevelSeconds,
                         @Parameter(description = SHORT_ABANDON) @RequestParam(name = "short_abandon_seconds", required = false) Integer shortAbandonSeconds) {
        Callers.requireAdmin(role);
        Tenants.checkRange(from, to);
        ReportOptions options = ReportOptions.of(tz, serviceLevelSeconds, shortAbandonSeconds);
        return reports.reports(from, to, options);
    }
}
