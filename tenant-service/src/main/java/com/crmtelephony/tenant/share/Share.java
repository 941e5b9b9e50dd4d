package com.crmtelephony.tenant.share;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a tenant may hold of each shared resource, where it differs from the deployment's
 * defaults; a null field is the default (crm.shares.defaults, crm.gateway.rate-limit).
 *
 * @param streams           open live-event streams on one instance
 * @param jobs              jobs (imports, syncs) queued or running on one instance
 * @param deliveries        outbound webhook deliveries in flight at once
 * @param requestsPerSecond each of its keys' sustained rate at the gateway
 * @param burst             requests each of its keys may make at once after a rest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Share(Integer streams, Integer jobs, Integer deliveries, Double requestsPerSecond, Integer burst) {

    public static final Share DEFAULTS = new Share(null, null, null, null, null);
}
