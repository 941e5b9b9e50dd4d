package com.crmtelephony.tenant.profile;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.tenant.registry.Tenant;
import com.crmtelephony.tenant.registry.Tenants;
import com.crmtelephony.tenant.share.Share;
import com.crmtelephony.tenant.share.Shares;

/**
 * What the services that hold a tenant's data read of it (support.registry.TenantProfiles): the
 * region its numbers are read in, its time zone and its shares. Their own tokens only (config-repo);
 * the gateway keeps /tenant-service/profiles/** internal, and no client needs it: a tenant reads
 * its record and shares through the API.
 */
@Hidden
@RestController
@RequestMapping("/profiles")
class ProfileController {

    /** @param shares only the shares set for the tenant; the others are each service's defaults */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Profile(UUID id, String region, String timeZone, boolean suspended, Share shares) {
    }

    private final Tenants tenants;
    private final Shares shares;

    ProfileController(Tenants tenants, Shares shares) {
        this.tenants = tenants;
        this.shares = shares;
    }

    @GetMapping("/{id}")
    Profile profile(@PathVariable UUID id) {
        Tenant tenant = tenants.get(id);
        return new Profile(tenant.id(), tenant.region(), tenant.timeZone(), tenant.suspended(), shares.of(id));
    }
}
