package com.crmtelephony.tenant.pbx;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.errors.NotFoundException;

@Tag(name = "pbx", description = "A tenant's PBX: where its calls come from, and how its webhooks are checked")
@RestController
@RequestMapping("/tenants/{tenant}/pbx")
class ConnectionController {

    /** The body of a PUT, for the API document (read strictly as JSON). */
    @Schema(requiredProperties = "baseUrl")
    record ConnectionRequest(
            @Schema(description = "the PBX's API, http or https, no user info, query or fragment", example = "https://pbx.example.com")
            String baseUrl,
            @Schema(description = "signed (default): it takes a subscription and signs webhooks; original: the original "
                    + "PBX, unsigned, serving this tenant only", allowableValues = {"signed", "original"})
            String kind,
            @Schema(description = "the Authorization header its API expects, if any; never shown again") String credentials,
            @Schema(description = "signed only: the secret it signs with (whsec_ and base64, or 24 bytes of text at least); "
                    + "left out: the one it had, else a new one, shown once in the answer") String webhookSecret) {
    }

    private final PbxConnections connections;

    ConnectionController(PbxConnections connections) {
        this.connections = connections;
    }

    @Operation(summary = "Connect the tenant's PBX, or change its connection (admin keys only)",
            description = "201 for a new connection, 200 for a changed one (its status starts afresh). Calls are pulled "
                    + "from it and its webhooks checked with its secret within 5 s. A generated webhookSecret is in this "
                    + "answer and never again.")
    @PutMapping
    ResponseEntity<ConnectionView> put(@PathVariable UUID tenant,
                                       @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                       @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                               schema = @Schema(implementation = ConnectionRequest.class)))
                                       @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        PbxConnections.Put put = connections.put(tenant, body);
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK).body(put.view());
    }

    @Operation(summary = "The tenant's PBX and its status", description = "Last pull, last webhook, subscription and last "
            + "error as pbx-integration-service reports them (every 5 s). A tenant key reads its own tenant's; any other "
            + "answers 404. Never the credentials or the secret.")
    @GetMapping
    ConnectionView get(@PathVariable UUID tenant,
                       @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
                       @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        if (!Callers.isAdmin(role) && !tenant.equals(caller)) {
            throw new NotFoundException("No tenant " + tenant);
        }
        return connections.get(tenant);
    }

    @Operation(summary = "Disconnect the tenant's PBX (admin keys only)",
            description = "Its webhooks are refused and its calls no longer pulled within 5 s; the calls stored are kept.")
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID tenant,
                @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        connections.delete(tenant);
    }
}
