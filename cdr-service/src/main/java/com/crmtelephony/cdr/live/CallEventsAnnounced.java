package com.crmtelephony.cdr.live;

import java.util.Set;
import java.util.UUID;

/**
 * Call events of these tenants were stored, on this instance or another (PostgreSQL's
 * {@code NOTIFY call_event}, as this instance's listener heard it). What acts on new events
 * (outbound deliveries) wakes on it rather than polling for them.
 */
public record CallEventsAnnounced(Set<UUID> tenants) {
}
