package com.crmtelephony.pbx.inbox;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A tenant's webhook backlog ({@code GET /pbx/inbox}), as its console shows it. */
@JsonPropertyOrder({"pending", "oldestPending", "rejected"})
public record InboxStatus(long pending, Instant oldestPending, long rejected) {
}
