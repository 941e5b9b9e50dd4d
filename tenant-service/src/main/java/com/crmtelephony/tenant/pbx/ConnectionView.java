package com.crmtelephony.tenant.pbx;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's PBX as its tenant and admins see it: never its credentials or secret, except the
 * secret once, in the answer that generated it.
 *
 * @param credentials   whether credentials are set
 * @param webhookSecret the secret this request generated (shown this once), else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(UUID tenant, String baseUrl, String kind, boolean credentials, Instant createdAt,
                             Instant updatedAt, Status status, String webhookSecret) {

    /**
     * What pbx-integration-service last saw of the PBX.
     *
     * @param subscription {@code subscribed}, {@code not supported} (the PBX must be told the URL
     *                     by hand), or absent until it was tried
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Status(Instant lastPullAt, Instant lastWebhookAt, String subscription, Instant subscribedAt,
                         String lastError, Instant lastErrorAt) {
    }
}
