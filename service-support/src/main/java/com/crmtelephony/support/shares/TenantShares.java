package com.crmtelephony.support.shares;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one tenant may hold at once of each shared resource of a service: live streams, job
 * slots, reconciliations, outbound deliveries in flight. Every share has its default in
 * config-repo ({@code crm.shares.defaults}, with its reason). A tenant's own, where the tenant
 * registry sets one ({@code PUT /tenant-service/tenants/{id}/shares}: streams, jobs, deliveries),
 * comes from there ({@link #readFrom}); else from {@code crm.shares.tenants.<tenant-uuid>.<share>}
 * (a deployment from before the registry). A share asked for that config-repo does not name is a
 * configuration error, not an unlimited resource.
 */
@ConfigurationProperties("crm.shares")
public final class TenantShares {

    private final Map<String, Integer> defaults;
    private final Map<UUID, Map<String, Integer>> tenants;
    /** The registry's share of a tenant, or null; none until a service reads the registry. */
    private volatile BiFunction<String, UUID, Integer> registry = (share, tenant) -> null;

    /**
     * @param defaults every tenant's share, by name
     * @param tenants  a tenant's own shares, where they differ
     */
    public TenantShares(Map<String, Integer> defaults, Map<UUID, Map<String, Integer>> tenants) {
        this.defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
        this.tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        this.defaults.forEach((share, limit) -> check(share, limit, "crm.shares.defaults." + share));
        this.tenants.forEach((tenant, own) -> own.forEach((share, limit) ->
                check(share, limit, "crm.shares.tenants." + tenant + "." + share)));
    }

    private static void check(String share, Integer limit, String property) {
        if (limit == null || limit < 0) {
            throw new IllegalArgumentException(property + " must be 0 or more");
        }
    }

    /** Where the tenants' shares set in the registry are read (support.registry.TenantProfiles). */
    public void readFrom(BiFunction<String, UUID, Integer> registry) {
        this.registry = registry;
    }

    /** The tenant's share of {@code share}: the registry's if set, else its own configured, else every tenant's. */
    public int of(String share, UUID tenant) {
        Integer limit = tenant == null ? null : registry.apply(share, tenant);
        if (limit == null) {
            Map<String, Integer> own = tenant == null ? null : tenants.get(tenant);
            limit = own == null ? null : own.get(share);
        }
        if (limit == null) {
            limit = defaults.get(share);
        }
        if (limit == null) {
            throw new IllegalStateException("No share '" + share + "' in crm.shares.defaults (config-repo application.yml)");
        }
        return limit;
    }
}
