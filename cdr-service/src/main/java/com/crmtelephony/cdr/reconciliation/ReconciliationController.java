package com.crmtelephony.cdr.reconciliation;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "reports")
@RestController
@RequestMapping("/cdr/reconciliation")
class ReconciliationController {

    private final ReconciliationService reconciliation;

    ReconciliationController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Operation(summary = "Where the PBX and the stored calls disagree, per day",
            description = "For each UTC day of the last `days`: the calls the PBX has and the calls stored, the PBX's calls not "
                    + "stored (with up to 20 ids), stored calls the PBX does not list, calls stuck on a non-final event for "
                    + "more than crm.reconciliation.stuck-after (15 min; a job pulls them again every 5 min), and calls whose "
                    + "other party matches no contact. Reads the tenant's PBX feed page by page (up to 100,000 calls; pbxComplete false "
                    + "past them): 503 when the PBX cannot be read. One report of a tenant is computed at a time (past its share, "
                    + "crm.shares.defaults.reconciliations: 429 with Retry-After), and the same report is answered again from "
                    + "memory for 5 s, unless the tenant was synced since.")
    @GetMapping
    Reconciliation report(@RequestHeader(Callers.TENANT_HEADER) UUID tenant,
                          @Parameter(description = "1-31, default 7") @RequestParam(defaultValue = "7") int days) {
        if (days < 1 || days > 31) {
            throw new InvalidInputException("days must be between 1 and 31");
        }
        return reconciliation.report(tenant, days);
    }
}
