package com.crmtelephony.pbx.inbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The backlog in the health details, as the forwarder last saw it: answered from memory, never
 * waiting on the database. UP even while cdr-service is down: the webhooks are still taken and
 * kept, which is this service's part; the details say what waits and since when forwarding fails.
 */
@Component("inboxHealthIndicator")
class InboxHealth implements HealthIndicator {

    private final Forwarder forwarder;

    InboxHealth(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public Health health() {
        Forwarder.State state = forwarder.state();
        Health.Builder health = Health.up()
                .withDetail("backlog", state.backlog().events())
                .withDetail("oldestAgeSeconds", forwarder.oldestAge().toSeconds());
        if (state.seenAt() != null) {
            health.withDetail("seenAt", state.seenAt().toString());
        }
        if (state.failure() != null) {
            health.withDetail("forwardingFailsSince", state.failingSince().toString())
                    .withDetail("lastFailure", state.failure());
        }
        return health.build();
    }
}
