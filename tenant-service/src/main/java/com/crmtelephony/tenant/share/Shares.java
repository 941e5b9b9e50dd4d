package com.crmtelephony.tenant.share;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.tenant.StrictBody;
import com.crmtelephony.tenant.registry.Tenants;

/** A tenant's shares: set by an admin, read by the services that hold them (the gateway's rates). */
@Service
public class Shares {

    /** Each share's bounds, as the table checks them: a typo of an extra zero is refused, not obeyed. */
    private static final Map<String, long[]> BOUNDS = Map.of("streams", new long[] {0, 10_000}, "jobs", new long[] {0, 1000},
            "deliveries", new long[] {0, 1000}, "burst", new long[] {1, 1_000_000});
    private static final Set<String> FIELDS = Set.of("streams", "jobs", "deliveries", "requestsPerSecond", "burst");

    private final ShareRepository shares;
    private final Tenants tenants;

    Shares(ShareRepository shares, Tenants tenants) {
        this.shares = shares;
        this.tenants = tenants;
    }

    /** @return the tenant's shares; {@link Share#DEFAULTS} when none was set */
    public Share of(UUID tenant) {
        return shares.find(tenant).orElse(Share.DEFAULTS);
    }

    Share get(UUID tenant) {
        tenants.get(tenant);
        return of(tenant);
    }

    @Transactional
    Share put(UUID tenant, JsonNode body) {
        Share share = read(body);
        tenants.lock(tenant);
        shares.put(tenant, share);
        return share;
    }

    static Share read(JsonNode body) {
        StrictBody.object(body, FIELDS, "shares");
        JsonNode rate = body.get("requestsPerSecond");
        Double perSecond = null;
        if (rate != null && !rate.isNull()) {
            if (!rate.isNumber() || !(rate.doubleValue() > 0) || rate.doubleValue() > 100_000) {
                throw new InvalidInputException("requestsPerSecond must be a number above 0, at most 100000");
            }
            perSecond = rate.doubleValue();
        }
        return new Share(count(body, "streams"), count(body, "jobs"), count(body, "deliveries"), perSecond, count(body, "burst"));
    }

    private static Integer count(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        long[] bounds = BOUNDS.get(field);
        if (!node.isIntegralNumber() || node.longValue() < bounds[0] || node.longValue() > bounds[1]) {
            throw new InvalidInputException(field + " must be a whole number from " + bounds[0] + " to " + bounds[1]);
        }
        return node.intValue();
    }
}
