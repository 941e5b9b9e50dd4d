package com.crmtelephony.tenant.registry;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant as the registry keeps it. Suspended (suspendedAt set): its keys are refused and its
 * data is kept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(UUID id, String name, String region, String timeZone, Instant createdAt, Instant suspendedAt) {

    public boolean suspended() {
        return suspendedAt != null;
    }
}
