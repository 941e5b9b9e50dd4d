package com.crmtelephony.tenant.key;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.errors.NotFoundException;

@Tag(name = "keys", description = "A tenant's API keys: shown once, stored as HMACs")
@RestController
@RequestMapping("/tenants/{tenant}/keys")
class KeyController {

    private final Keys keys;

    KeyController(Keys keys) {
        this.keys = keys;
    }

    /** The body's form, for the API documents; read strictly by {@link Keys.Request}. */
    record KeyRequest(@Schema(example = "crm-sync", maxLength = 100) String name,
                      @Schema(allowableValues = {"tenant", "read-only"}, defaultValue = "tenant") String role,
                      @Schema(description = "when the key stops working; none: never") Instant expiresAt) {
    }

    @Operation(summary = "Issue a key for the tenant (admin keys only)",
            description = "The answer's key is the only time it is shown: crmk_ and 32 random bytes (base64url). The "
                    + "registry keeps its HMAC and its first 12 characters (prefix). A read-only key may only read. "
                    + "A suspended tenant, or one holding its cap of keys: 409.")
    @PostMapping
    ResponseEntity<ApiKey> issue(@PathVariable UUID tenant,
                                 @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                         schema = @Schema(implementation = KeyRequest.class)))
                                 @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        ApiKey issued = keys.issue(tenant, body);
        return ResponseEntity.created(URI.create("keys/" + issued.id())).body(issued);
    }

    @Operation(summary = "The tenant's keys, newest first",
            description = "Name, prefix, role, creation, last use, expiry and revocation; never a key. A tenant key lists "
                    + "its own tenant's; any other tenant answers 404.")
    @GetMapping
    List<ApiKey> list(@PathVariable UUID tenant,
                      @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
                      @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        if (!Callers.isAdmin(role) && !tenant.equals(caller)) {
            throw new NotFoundException("No tenant " + tenant);
        }
        return keys.list(tenant);
    }

    @Operation(summary = "Revoke a key (admin keys only)", description = "At once in the registry; revoking twice is no error.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID tenant, @PathVariable UUID id,
                                @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        keys.revoke(tenant, id);
        return ResponseEntity.noContent().build();
    }
}
