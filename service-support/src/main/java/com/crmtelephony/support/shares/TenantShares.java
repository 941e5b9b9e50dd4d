package com.crmtelephony.support.shares;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one tenant may hold at once of each shared resource of a service: live streams, job
 * slots, reconciliations, outbound deliveries in flight. Every share has its default in
 * config-repo ({@code crm.shares.defaults}, with its reason) and may be set per tenant
 * ({@code crm.shares.tenants.<tenant-uuid>.<share>}). A share asked for that config-repo does not
 * name is a configuration error, not an unlimited resource.
 *
 * @param defaults every tenant's share, by name
 * @param tenants  a tenant's own shares, where they differ
 */
@ConfigurationProperties("crm.shares")
public record TenantShares(Map<String, Integer> defaults, Map<UUID, Map<String, Integer>> tenants) {

    public TenantShares {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        defaults.forEach((share, limit) -> check(share, limit, "crm.shares.defaults." + share));
        tenants.forEach((tenant, own) -> own.forEach((share, limit) ->
                check(share, limit, "crm.shares.tenants." + tenant + "." + share)));
    }

    private static void check(String share, Integer limit, String property) {
        if (limit == null || limit < 0) {
            throw new IllegalArgumentException(property + " must be 0 or more");
        }
    }

    /** The tenant's share of {@code share}: its own if set, else every tenant's. */
    public int of(String share, UUID tenant) {
        Map<String, Integer> own = tenant == null ? null : tenants.get(tenant);
        Integer limit = own == null ? null : own.get(share);
        if (limit == null) {
            limit = defaults.get(share);
        }
        if (limit == null) {
            throw new IllegalStateException("No share '" + share + "' in crm.shares.defaults (config-repo application.yml)");
        }
        return limit;
    }
}
