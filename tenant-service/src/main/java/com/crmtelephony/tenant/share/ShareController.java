package com.crmtelephony.tenant.share;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.errors.NotFoundException;

@Tag(name = "shares", description = "What a tenant may hold of each shared resource, beyond the defaults")
@RestController
@RequestMapping("/tenants/{tenant}/shares")
class ShareController {

    private final Shares shares;

    ShareController(Shares shares) {
        this.shares = shares;
    }

    @Operation(summary = "Set the tenant's shares (admin keys only)",
            description = "The whole set: a share left out (or null) is the deployment's default again. streams, jobs and "
                    + "deliveries are per instance (docs/design.md, shares); requestsPerSecond and burst are each of the "
                    + "tenant's keys' rate at the gateway, in effect within 5 s.")
    @PutMapping
    Share put(@PathVariable UUID tenant,
              @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
              @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = Share.class)))
              @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        return shares.put(tenant, body);
    }

    @Operation(summary = "The tenant's shares", description = "Only those set; a tenant key reads its own tenant's, any "
            + "other answers 404.")
    @GetMapping
    Share get(@PathVariable UUID tenant,
              @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
              @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        if (!Callers.isAdmin(role) && !tenant.equals(caller)) {
            throw new NotFoundException("No tenant " + tenant);
        }
        return shares.get(tenant);
    }
}
