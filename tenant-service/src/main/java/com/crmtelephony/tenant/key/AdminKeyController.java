package com.crmtelephony.tenant.key;

import java.net.URI;
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

@Tag(name = "admin keys", description = "Keys that act for any tenant: shown once, stored as HMACs")
@RestController
@RequestMapping("/admin-keys")
class AdminKeyController {

    private final Keys keys;

    AdminKeyController(Keys keys) {
        this.keys = keys;
    }

    record AdminKeyRequest(@Schema(example = "operator-jane", maxLength = 100) String name,
                           @Schema(description = "when the key stops working; none: never") java.time.Instant expiresAt) {
    }

    @Operation(summary = "Issue an admin key (admin keys only)",
            description = "Shown once, as a tenant's key is. The bootstrap admin key (BOOTSTRAP_ADMIN_KEY_HMAC) serves an "
                    + "empty registry: issue your own, then revoke it.")
    @PostMapping
    ResponseEntity<ApiKey> issue(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                         schema = @Schema(implementation = AdminKeyRequest.class)))
                                 @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        ApiKey issued = keys.issueAdmin(body);
        return ResponseEntity.created(URI.create("admin-keys/" + issued.id())).body(issued);
    }

    @Operation(summary = "Admin keys, newest first (admin keys only)", description = "Never a key.")
    @GetMapping
    List<ApiKey> list(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        return keys.admins();
    }

    @Operation(summary = "Revoke an admin key (admin keys only)", description = "Its own key too: the last one locks the "
            + "registry until a new bootstrap key is set.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id,
                                @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        keys.revokeAdmin(id);
        return ResponseEntity.noContent().build();
    }
}
