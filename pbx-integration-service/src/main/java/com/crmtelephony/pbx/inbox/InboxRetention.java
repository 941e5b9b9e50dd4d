package com.crmtelephony.pbx.inbox;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the inbox bounded: forwarded events go after {@code retention} (their ids guard against
 * replays until then), refused ones after {@code rejected-retention}. Events not yet forwarded
 * are never deleted. Deleted in slices, so that no statement holds many rows at once.
 */
@Component
class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);
    private static final int SLICE = 10_000;

    private final InboxRepository events;
    private final InboxProperties properties;
    private final Clock clock;

    InboxRetention(InboxRepository events, InboxProperties properties, Clock clock) {
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crm.pbx.inbox.cleanup:1m}", initialDelayString = "${crm.pbx.inbox.cleanup:1m}")
    void clean() {
        try {
            int deleted = deleteExpired();
            if (deleted > 0) {
                log.debug("Inbox retention: {} old events deleted", deleted);
            }
        } catch (DataAccessException e) {
            log.warn("Inbox retention could not run: {}", e.getMessage());
        }
    }

    int deleteExpired() {
        Instant now = clock.instant();
        int total = 0;
        int slice;
        do {
            slice = events.deleteDone(now.minus(properties.retention()), now.minus(properties.rejectedRetention()), SLICE);
            total += slice;
        } while (slice >= SLICE);
        return total;
    }
}
