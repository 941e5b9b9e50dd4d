package com.crmtelephony.support.retention;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.support.caller.Callers;

/**
 * A service's retention endpoints, under the path its subclass maps: the tenant reads its
 * period; an admin key sets it (naming the tenant with tenant-uuid) and may run the job now.
 */
public abstract class RetentionEndpoints {

    private final TenantRetention retention;

    protected RetentionEndpoints(TenantRetention retention) {
        this.retention = retention;
    }

    @Operation(summary = "How long the tenant's data here is kept", description = "days; null keeps everything (the default).")
    @GetMapping
    public RetentionPeriod period(@RequestHeader(Callers.TENANT_HEADER) UUID tenant) {
        return retention.period(tenant);
    }

    @Operation(summary = "Set how long the tenant's data here is kept (admin keys only)",
            description = "An admin key names the tenant with tenant-uuid. The hourly job then removes what is older, in "
                    + "batches. null keeps everything from "
                    + "now on (what was removed stays removed). days must be sent: a misspelt body keeps nothing by mistake.")
    @PutMapping
    public RetentionPeriod setPeriod(@RequestHeader(Callers.TENANT_HEADER) UUID tenant,
                                     @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                             schema = @Schema(implementation = RetentionPeriod.class)))
                                     @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        RetentionPeriod period = RetentionPeriod.of(body);
        retention.setPeriod(tenant, period);
        return period;
    }

    @Operation(summary = "Remove every tenant's expired data here now (admin keys only)",
            description = "What the hourly job does, answering what each tenant with a period lost; 409 while another "
                    + "instance runs it.")
    @PostMapping("/run")
    public List<ExpiredRows.Removed> run(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        List<ExpiredRows.Removed> removed = retention.removeExpired();
        if (removed == null) {
            throw new ConflictException("Another instance is removing expired data now");
        }
        return removed;
    }
}
