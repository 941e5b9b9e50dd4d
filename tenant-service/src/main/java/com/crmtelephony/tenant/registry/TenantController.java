package com.crmtelephony.tenant.registry;

import java.net.URI;
import java.util.List;
import java.util.Set;
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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.web.Paging;

@Tag(name = "tenants", description = "The tenant registry: tenants, their region and time zone")
@RestController
@RequestMapping("/tenants")
class TenantController {

    private static final int MAX_PAGE = 1000;
    private static final Set<String> CREATE = Set.of("id", "name", "region", "timeZone");
    private static final Set<String> PATCH = Set.of("name", "region", "timeZone", "suspended");

    private final Tenants tenants;

    TenantController(Tenants tenants) {
        this.tenants = tenants;
    }

    /** The body's form, for the API documents; the body is read strictly by {@link TenantFields}. */
    record TenantRequest(@Schema(description = "the id its PBX knows it by; default: a new one") UUID id,
                         @Schema(example = "Acme Ltd", maxLength = 100) String name,
                         @Schema(example = "CY", description = "ISO 3166 alpha-2; default: the deployment's") String region,
                         @Schema(example = "Europe/Nicosia", description = "IANA; default: the deployment's") String timeZone) {
    }

    @Operation(summary = "Register a tenant (admin keys only)",
            description = "id (optional: the UUID the tenant's PBX names it by; one the registry holds is 409), name (unique ignoring case: another tenant's is 409), region (ISO 3166 alpha-2) and timeZone "
                    + "(IANA), each defaulting to the deployment's. Any other field, or a field of the wrong form: 400 naming it.")
    @PostMapping
    ResponseEntity<Tenant> create(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                  @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                          schema = @Schema(implementation = TenantRequest.class)))
                                  @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        TenantFields fields = TenantFields.read(body, CREATE);
        Tenant created = tenants.create(TenantFields.id(body), fields);
        return ResponseEntity.created(URI.create("tenants/" + created.id())).body(created);
    }

    @Operation(summary = "Every tenant, by name", description = "One page; the total in X-Total-Count. A tenant key "
            + "lists its own tenant only (how a client learns which tenant its key is for).")
    @GetMapping
    ResponseEntity<List<Tenant>> list(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                                      @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
                                      @Parameter(description = "0-based page number") @RequestParam(required = false) Integer page,
                                      @Parameter(description = "page size, 1-1000, default 100") @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size, MAX_PAGE);
        if (!Callers.isAdmin(role)) {
            List<Tenant> own = caller == null ? List.of() : tenants.find(caller).stream().toList();
            return ResponseEntity.ok().header("X-Total-Count", Integer.toString(own.size())).body(own);
        }
        return ResponseEntity.ok().header("X-Total-Count", Long.toString(tenants.count()))
                .body(tenants.list(paging.size(), paging.offset()));
    }

    @Operation(summary = "A tenant", description = "A tenant key reads its own tenant; any other id answers 404, as an "
            + "unknown one does. An admin key reads every tenant.")
    @GetMapping("/{id}")
    Tenant get(@PathVariable UUID id,
               @Parameter(hidden = true) @RequestHeader(name = Callers.TENANT_HEADER, required = false) UUID caller,
               @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        if (!Callers.isAdmin(role) && !id.equals(caller)) {
            throw new NotFoundException("No tenant " + id);
        }
        return tenants.get(id);
    }

    @Operation(summary = "Change a tenant (admin keys only)",
            description = "Any of name, region, timeZone, and suspended (true suspends, false lifts it); what is not "
                    + "sent stays.")
    @PatchMapping("/{id}")
    Tenant update(@PathVariable UUID id,
                  @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role,
                  @RequestBody(required = false) JsonNode body) {
        Callers.requireAdmin(role);
        return tenants.update(id, TenantFields.read(body, PATCH));
    }

    @Operation(summary = "Suspend a tenant (admin keys only)",
            description = "Its keys are refused at the gateway within 5 s; its data is kept. PATCH {\"suspended\": false} lifts it. "
                    + "Erasing a whole tenant is a job of its own.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> suspend(@PathVariable UUID id,
                                 @Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        tenants.update(id, new TenantFields(null, null, null, true));
        return ResponseEntity.noContent().build();
    }
}
