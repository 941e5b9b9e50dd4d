package com.crmtelephony.pbx.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param storeTimeout      how long a webhook waits for its event to be stored; longer: 503, the PBX delivers again
 * @param writeBatch        events stored in one transaction at most (one commit for all the webhooks waiting)
 * @param queueCapacity     webhooks waiting to be stored at most; beyond: 503 at once
 * @param forwardBatch      events of a tenant sent to cdr-service in one request at most
 * @param forwardBatchBytes their bodies' size at most (cdr-service bounds a request's body)
 * @param poll              how often the inbox is looked at without a new event (what a crashed replica left);
 *                          an event this instance stores is forwarded at once
 * @param backoffInitial    the wait after cdr-service (or the database) first fails, doubled per failure
 * @param backoffMax        ... up to this
 * @param retention         how long a forwarded event is kept: the replay guard of its webhook-id
 * @param rejectedRetention how long an event cdr-service refused is kept, for the operator
 * @param cleanup           how often the retention job runs
 */
@ConfigurationProperties("crm.pbx.inbox")
public record InboxProperties(
        @DefaultValue("5s") Duration storeTimeout,
        @DefaultValue("500") int writeBatch,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("500") int forwardBatch,
        @DefaultValue("4MB") org.springframework.util.unit.DataSize forwardBatchBytes,
        @DefaultValue("5s") Duration poll,
        @DefaultValue("200ms") Duration backoffInitial,
        @DefaultValue("10s") Duration backoffMax,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("7d") Duration rejectedRetention,
        @DefaultValue("1m") Duration cleanup) {
}
