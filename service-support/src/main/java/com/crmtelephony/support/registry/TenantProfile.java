package com.crmtelephony.support.registry;

import java.time.ZoneId;
import java.util.Map;

/**
 * What the tenant registry (tenant-service) holds of a tenant that the services holding its data
 * need: the region its numbers are read in, its time zone, and the shares set for it.
 *
 * @param shares only the shares set for the tenant (streams, jobs, deliveries); others are defaults
 */
public record TenantProfile(String region, ZoneId timeZone, Map<String, Integer> shares) {

    public TenantProfile {
        shares = shares == null ? Map.of() : Map.copyOf(shares);
    }
}
