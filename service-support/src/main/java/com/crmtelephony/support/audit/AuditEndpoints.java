package com.crmtelephony.support.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.caller.Callers;

/** A service's audit trail for admins, under the path its subclass maps. */
public abstract class AuditEndpoints {

    private final AuditTrail trail;

    protected AuditEndpoints(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "What admin keys did here (admin keys only)",
            description = "Every request made with an admin key: when, which key, method and path (without its query), "
                    + "the tenant it named, the status answered and the trace id. Newest first; this read is recorded too.")
    @GetMapping
    public List<AuditTrail.Entry> entries(
            @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @Parameter(description = "one key's entries") @RequestParam(required = false) String key,
            @Parameter(description = "entries naming this tenant") @RequestParam(required = false) UUID tenant,
            @Parameter(description = "1-1000, default 100") @RequestParam(defaultValue = "100") int limit) {
        Callers.requireAdmin(role);
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be between 1 and 1000");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("from must be before to");
        }
        return trail.find(from, to, key, tenant, limit);
    }
}
