package com.crmtelephony.mockpbx.call;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.pbxcontract.PbxCall;

/** A tenant's directory, served beside its calls: the tenant is resolved here, the directory itself knows no tenants. */
@Tag(name = "directory")
@RestController
class DirectoryController {

    private final PbxTenants tenants;

    DirectoryController(PbxTenants tenants) {
        this.tenants = tenants;
    }

    @Operation(summary = "The tenant's phone directory as CSV (name,email,number): the numbers its calls come from")
    @GetMapping(path = "/directory.csv", produces = "text/csv")
    ResponseEntity<String> directory(@RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader) {
        PbxTenants.PbxTenant tenant = tenants.resolve(tenantHeader);
        return ResponseEntity.ok().header(PbxCall.TENANT_HEADER, tenant.id().toString()).body(tenant.directory().csv());
    }
}
