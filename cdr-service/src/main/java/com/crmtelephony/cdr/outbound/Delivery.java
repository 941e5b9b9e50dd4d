package com.crmtelephony.cdr.outbound;

import java.time.Instant;

/**
 * One event's delivery to one endpoint, as the delivery log shows it.
 *
 * @param id         as {@code webhook-id} says it ({@code msg_<id>}): the same for every attempt
 * @param state      pending or delivered
 * @param lastStatus the endpoint's last answer; null: none (no connection, a timeout)
 */
public record Delivery(String id, long eventId, String callUuid, String state, int attempts, Integer lastStatus,
                       String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
}
