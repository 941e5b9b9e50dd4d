package com.crmtelephony.cdr.sync;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.JobProgress;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.jobs.RespondAsync;

@Tag(name = "sync", description = "Calls pulled from the PBX")
@RestController
@RequestMapping("/cdr")
class SyncController {

    static final String JOB_KIND = "cdr-sync";

    private final SyncService sync;
    private final Jobs jobs;

    SyncController(SyncService sync, Jobs jobs) {
        this.sync = sync;
        this.jobs = jobs;
    }

    @Operation(summary = "Pull the tenant's calls from the PBX and upsert them",
            description = "Admin callers (the gateway sets X-Crm-Role) without tenant-uuid sync every tenant. "
                    + "PBX unavailable: 503, and the next sync continues where the stored pages end.")
    @ApiResponse(responseCode = "200", description = "synced",
            content = @Content(schema = @Schema(implementation = SyncSummary.class)))
    @ApiResponse(responseCode = "202", description = "Prefer: respond-async: the sync goes on as a job (Location: jobs/{id})",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @PostMapping("/update_cdr")
    ResponseEntity<?> updateCdr(@RequestHeader(name = Tenants.HEADER, required = false) UUID tenant,
                                @Parameter(hidden = true) @RequestHeader(name = Tenants.ROLE_HEADER, required = false) String role,
                                @Parameter(description = "pull from the PBX's first call, not from where the last sync ended")
                                @RequestParam(defaultValue = "false") boolean full,
                                @Parameter(description = "respond-async: answer 202 with a job instead of waiting; the job "
                                        + "counts the calls fetched (a tenant) or the tenants synced (an admin's sync of all)")
                                @RequestHeader(name = RespondAsync.PREFER, required = false) String prefer) {
        if (tenant == null && !Callers.isAdmin(role)) {
            throw new InvalidInputException("Required header 'tenant-uuid' is not present");
        }
        if (!RespondAsync.requested(prefer)) {
            return ResponseEntity.ok(SyncJob.sync(sync, tenant, full, JobProgress.NONE));
        }
        return RespondAsync.accepted(jobs.start(tenant, JOB_KIND, new SyncJob.Parameters(full)), "jobs/");
    }
}
