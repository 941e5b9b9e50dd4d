package com.crmtelephony.gateway.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A key as the registry knows it (tenant-service's answer to a lookup by its HMAC).
 *
 * @param name              names the key in tokens, logs and the audit trail (never the key)
 * @param tenant            the one tenant it acts for; null for an admin key
 * @param role              tenant, read-only (reads only) or admin
 * @param suspended         its tenant is suspended: refused everywhere
 * @param requestsPerSecond the tenant's rate share per key; null: the gateway's default
 * @param burst             its burst share; null: the gateway's default
 */
record RegisteredKey(UUID id, String name, UUID tenant, String role, Instant expiresAt, boolean suspended,
                     Double requestsPerSecond, Integer burst) {

    static final String ADMIN = "admin";
    static final String READ_ONLY = "read-only";

    boolean admin() {
        return ADMIN.equals(role);
    }

    boolean readOnly() {
        return READ_ONLY.equals(role);
    }

    boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    GatewaySecurityProperties.RateLimit rate(GatewaySecurityProperties.RateLimit defaults) {
        return requestsPerSecond == null && burst == null ? defaults : new GatewaySecurityProperties.RateLimit(
                requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
                burst != null ? burst : defaults.burst());
    }
}
