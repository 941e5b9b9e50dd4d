package com.crmtelephony.support.jobs;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.caller.Callers;

/** {@code GET {the service's prefix}/jobs/{id}}: a service's controller extends this under its own path. */
public abstract class JobResource {

    private final Jobs jobs;

    protected JobResource(Jobs jobs) {
        this.jobs = jobs;
    }

    @Operation(summary = "A job started with Prefer: respond-async",
            description = "Its state (queued, running, succeeded, failed), done out of total, the first 100 errors so far "
                    + "and their count; once ended, the synchronous form's answer (result) or why it failed (failure). "
                    + "A tenant reads its own jobs only (another's: 404); an admin key reads every job.")
    @GetMapping("/jobs/{id}")
    public Job job(@PathVariable UUID id,
                   @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID tenant,
                   @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        return jobs.find(id, tenant, Callers.isAdmin(role)).orElseThrow(() -> new NotFoundException("No job " + id));
    }
}
