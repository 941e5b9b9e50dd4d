package com.crmtelephony.tenant.key;

import java.time.Instant;
import java.util.UUID;

/**
 * What the gateway learns of a key it was shown: whose it is and what it may do. Never its text
 * or its HMAC.
 *
 * @param tenant            null for an admin key
 * @param role              tenant, read-only or admin
 * @param suspended         its tenant is suspended: the key is refused, its data kept
 * @param requestsPerSecond the tenant's rate share per key; null: the gateway's default
 * @param burst             the tenant's burst share per key; null: the gateway's default
 */
record KeyCheck(UUID id, String name, UUID tenant, String role, Instant expiresAt, boolean suspended,
                Double requestsPerSecond, Integer burst) {
}
