package com.crmtelephony.pbx.pbx;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.caller.Callers;

@Tag(name = "pbx", description = "The external PBX, through this adapter")
@RestController
@RequestMapping("/pbx")
class PbxController {

    /** Names the tenant (compat); without it the PBX answers for its default tenant. */
    static final String TENANT = Callers.TENANT_HEADER;

    private final PbxClient pbx;

    PbxController(PbxClient pbx) {
        this.pbx = pbx;
    }

    @Operation(summary = "The PBX's /get_cdr (compat): all calls, Tenant-UUID header; the PBX adds 5 calls per pull")
    @GetMapping("/get_cdr")
    ResponseEntity<JsonNode> getCdr(@RequestHeader(name = TENANT, required = false) UUID tenant) {
        return passThrough(pbx.getCdr(tenant));
    }

    @Operation(summary = "The PBX's /trigger_webhooks (compat): plays one call as webhooks")
    @GetMapping("/trigger_webhooks")
    ResponseEntity<JsonNode> triggerWebhooks(@RequestHeader(name = TENANT, required = false) UUID tenant) {
        return passThrough(pbx.triggerWebhooks(tenant));
    }

    @Operation(summary = "Calls changed after a cursor (snake_case, as the PBX sends them)",
            description = "next: the cursor for the following page, null when the PBX cannot page (then data holds all calls).")
    @GetMapping("/calls")
    PbxClient.CallPage calls(@RequestHeader(name = TENANT, required = false) UUID tenant,
                             @RequestParam(defaultValue = "0") long since,
                             @RequestParam(defaultValue = "1000") int limit) {
        if (since < 0 || limit < 1 || limit > 5000) {
            throw new InvalidInputException("since must be >= 0 and limit between 1 and 5000");
        }
        return pbx.calls(tenant, since, limit);
    }

    @Operation(summary = "The tenants whose calls are pulled (admin keys only)",
            description = "Each PBX connection's tenant, suspended tenants' left out: the scheduled syncs ask each PBX for "
                    + "its own tenants only.")
    @GetMapping("/tenants")
    List<UUID> tenants(@Parameter(hidden = true) @RequestHeader(name = Callers.ROLE_HEADER, required = false) String role) {
        Callers.requireAdmin(role);
        return pbx.tenants();
    }

    private static ResponseEntity<JsonNode> passThrough(ResponseEntity<JsonNode> answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.getStatusCode());
        for (String header : new String[] {PbxCall.TENANT_HEADER, "X-Call-UUID"}) {
            String value = answer.getHeaders().getFirst(header);
            if (value != null) {
                response.header(header, value);
            }
        }
        return response.body(answer.getBody());
    }
}
