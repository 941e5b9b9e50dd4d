package com.crmtelephony.cdr.privacy;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.ForbiddenException;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "privacy")
@RestController
@RequestMapping("/cdr/privacy/erasures")
class ErasureController {

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @Operation(summary = "Erase a person from a tenant's data in every service",
            description = "An admin key, or the tenant's own key for its own tenant. Contacts with the number or address go "
                    + "(phonebook-service); in the calls the person's number, in each form the phone book matches, becomes a "
                    + "stable pseudonym, so counts stay right, and their names, live events and pending webhooks go; the PBX "
                    + "webhooks kept that name the number go (pbx-integration-service). A later sync stores the number as the "
                    + "pseudonym. 201 with the receipt and its Location; the same request again answers the same receipt (200) "
                    + "and finishes one that a failed service left incomplete (503 names it).")
    @PostMapping
    ResponseEntity<ErasureReceipt> erase(@Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
                                         @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                         @RequestBody ErasureRequest request) {
        if (request == null) {
            throw new InvalidInputException("a body {tenant, number | email} is required");
        }
        ErasureRequest.Subject subject = request.subject();
        if (!Callers.isAdmin(role) && !request.tenant().equals(caller)) {
            throw new ForbiddenException("A tenant's key erases only in its own tenant's data");
        }
        if (Callers.isAdmin(role) && caller != null && !caller.equals(request.tenant())) {
            throw new InvalidInputException("tenant-uuid and the body's tenant name different tenants");
        }
        // The audit trail names the tenant the erasure acted for, which an admin names in the body.
        org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes().setAttribute(
                com.crmtelephony.support.audit.AuditFilter.TENANT_ATTRIBUTE, request.tenant(),
                org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        Erasures.Outcome outcome = erasures.erase(request.tenant(), subject, Callers.keyName());
        ErasureReceipt receipt = outcome.receipt();
        URI location = URI.create("/cdr/privacy/erasures/" + receipt.id());
        return outcome.created() ? ResponseEntity.created(location).body(receipt)
                : ResponseEntity.ok().location(location).body(receipt);
    }

    @Operation(summary = "An erasure's receipt", description = "The tenant's own, or any with an admin key naming the tenant.")
    @GetMapping("/{id}")
    ErasureReceipt receipt(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @PathVariable UUID id) {
        return erasures.find(tenant, id).orElseThrow(() -> new NotFoundException("No such erasure for this tenant"));
    }
}
