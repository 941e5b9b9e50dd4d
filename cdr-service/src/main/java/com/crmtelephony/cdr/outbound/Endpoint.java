package com.crmtelephony.cdr.outbound;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's webhook endpoint as the API shows it.
 *
 * @param secret         its signing key; shown when it is made (created, rotated) only
 * @param failingSince   its first failure since its last success; null: it is well
 * @param disabledReason why it was disabled; null while enabled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Endpoint(UUID id, String url, List<String> events, boolean enabled, String secret, Instant failingSince,
                       String disabledReason, Instant createdAt) {

    Endpoint withSecret(String shown) {
        return new Endpoint(id, url, events, enabled, shown, failingSince, disabledReason, createdAt);
    }
}
