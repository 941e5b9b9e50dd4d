package com.crmtelephony.mockpbx.call;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.mockpbx.MockPbxProperties;
import com.crmtelephony.pbxcontract.PbxCall;

@Tag(name = "calls", description = "Call records of the PBX")
@RestController
class CdrController {

    /**
     * {@code next}: the cursor to pass as {@code since} for the following page, valid in
     * {@code epoch}, which a restart of the PBX changes (both only for /cdrs).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Page(long total, Long next, String epoch, List<PbxCall> data) {
    }

    static final int MAX_LIMIT = 5000;

    private final PbxTenants tenants;
    private final MockPbxProperties properties;

    CdrController(PbxTenants tenants, MockPbxProperties properties) {
        this.tenants = tenants;
        this.properties = properties;
    }

    @Operation(summary = "All calls of the tenant (compat)",
            description = "Each pull then appends 5 new calls, as the original PBX mock did.")
    @GetMapping("/get_cdr")
    ResponseEntity<Page> getCdr(@RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader) {
        PbxTenants.PbxTenant tenant = tenants.resolve(tenantHeader);
        List<PbxCall> calls = tenant.calls().all();
        tenant.calls().putAll(tenant.generator().next(properties.callsPerPull()));
        if (properties.original()) {
            calls = calls.stream().map(OriginalForm::of).toList();
        }
        return ResponseEntity.ok().header(PbxCall.TENANT_HEADER, tenant.id().toString())
                .body(new Page(calls.size(), null, null, calls));
    }

    @Operation(summary = "Calls changed after a cursor, oldest change first",
            description = "Pass the answer's next as since to continue; an empty page means up to date.")
    @GetMapping("/cdrs")
    ResponseEntity<Page> cdrs(@RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader,
                              @RequestParam(defaultValue = "0") long since,
                              @RequestParam(defaultValue = "1000") int limit) {
        if (properties.original()) {
            throw PbxTenants.notOnTheOriginalPbx();
        }
        if (since < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw PbxTenants.problem(HttpStatus.BAD_REQUEST, "since must be >= 0 and limit between 1 and " + MAX_LIMIT);
        }
        PbxTenants.PbxTenant tenant = tenants.resolve(tenantHeader);
        List<CallStore.Entry> page = tenant.calls().since(since, limit);
        long next = page.isEmpty() ? since : page.get(page.size() - 1).seq();
        return ResponseEntity.ok().header(PbxCall.TENANT_HEADER, tenant.id().toString())
                .body(new Page(tenant.calls().size(), next, tenant.calls().epoch(),
                        page.stream().map(CallStore.Entry::call).toList()));
    }

    @Operation(summary = "The PBX's tenants")
    @GetMapping("/tenants")
    List<UUID> tenants() {
        if (properties.original()) {
            throw PbxTenants.notOnTheOriginalPbx();
        }
        return tenants.ids();
    }

    @Operation(summary = "Append generated calls to the tenant (for load tests)")
    @PostMapping("/calls/generate")
    ResponseEntity<Page> generate(@RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader,
                                  @RequestParam int count) {
        if (count < 1 || count > 100_000) {
            throw PbxTenants.problem(HttpStatus.BAD_REQUEST, "count must be between 1 and 100000");
        }
        PbxTenants.PbxTenant tenant = tenants.resolve(tenantHeader);
        tenant.calls().putAll(tenant.generator().next(count));
        return ResponseEntity.status(HttpStatus.CREATED).header(PbxCall.TENANT_HEADER, tenant.id().toString())
                .body(new Page(tenant.calls().size(), tenant.calls().lastSeq(), tenant.calls().epoch(), List.of()));
    }
}
