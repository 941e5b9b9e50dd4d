package com.crmtelephony.tenant.key;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A key as lists show it: never the key, never its HMAC. {@code key} is set once, in the answer
 * that issued it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(UUID id, UUID tenant, String name, String prefix, String role, Instant createdAt, Instant lastUsedAt,
                     Instant expiresAt, Instant revokedAt, String key) {

    ApiKey shown(String key) {
        return new ApiKey(id, tenant, name, prefix, role, createdAt, lastUsedAt, expiresAt, revokedAt, key);
    }
}
