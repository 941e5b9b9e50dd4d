package com.crmtelephony.cdr.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What an erasure did: never the number or address itself.
 *
 * @param pseudonyms what the person's numbers are in the calls now
 * @param steps      per step, what it removed: contacts, calls (pseudonymised), webhooks (kept PBX
 *                   webhooks removed), webhooksPending (not stored yet: they are stored
 *                   pseudonymised); failedAt names the step an incomplete erasure stopped at
 */
record ErasureReceipt(UUID id, UUID tenant, String kind, State state,
                      @Schema(description = "the API key that asked") String requestedBy,
                      Instant requestedAt, @Schema(nullable = true) Instant completedAt,
                      List<String> pseudonyms, Map<?, ?> steps) {

    enum State { completed, incomplete }
}
