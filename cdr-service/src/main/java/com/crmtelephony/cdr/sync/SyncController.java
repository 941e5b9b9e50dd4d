package com.crmtelephony.cdr.sync;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "sync", description = "Calls pulled from the PBX")
@RestController
@RequestMapping("/cdr")
class SyncController {

    private final SyncService sync;

    SyncController(SyncService sync) {
        this.sync = sync;
    }

    @Operation(summary = "Pull the tenant's calls from the PBX and upsert them",
            description = "Admin callers (the gateway sets X-Crm-Role) without tenant-uuid sync every tenant. "
                    + "PBX unavailable: 503, and the next sync continues where the stored pages end.")
    @PostMapping("/update_cdr")
    SyncSummary updateCdr(@RequestHeader(name = Tenants.HEADER, required = false) UUID tenant,
                          @Parameter(hidden = true) @RequestHeader(name = Tenants.ROLE_HEADER, required = false) String role,
                          @Parameter(description = "pull from the PBX's first call, not from where the last sync ended")
                          @RequestParam(defaultValue = "false") boolean full) {
        if (tenant != null) {
            return sync.sync(tenant, full);
        }
        if (Callers.isAdmin(role)) {
            return sync.syncAll(full);
        }
        throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Required header 'tenant-uuid' is not present"), null);
    }
}
