package com.crmtelephony.pbx.inbox;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.pbx.PbxIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox stays bounded, and never loses what cdr-service does not have yet. */
class InboxRetentionTests extends PbxIntegrationTest {

    static final String TENANT = "11111111-1111-4111-8111-111111111111";

    @Autowired
    InboxRetention retention;

    void row(String id, String age, String state) {
        jdbc.update("insert into inbox_event (tenant_id, id, body, received_at, forwarded_at, rejected) "
                        + "values (?::uuid, ?, '{}', now() - ?::interval, "
                        + (state.equals("forwarded") ? "now()" : "null") + ", " + (state.equals("rejected") ? "'422: x'" : "null") + ")",
                TENANT, id, age);
    }

    @Test
    void forwardedEventsGoAfterTheRetentionRefusedOnesAfterTheirsAndPendingOnesNever() {
        row("ret_forwarded_old", "2 hours", "forwarded");
        row("ret_forwarded_new", "10 minutes", "forwarded");
        row("ret_rejected_old", "8 days", "rejected");
        row("ret_rejected_new", "2 days", "rejected");
        // cdr-service (the stub, unanswered: 404) has not taken it for a month: it stays.
        row("ret_pending_old", "30 days", "pending");

        assertThat(retention.deleteExpired()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("select id from inbox_event where id like 'ret_%' order by id", String.class))
                .containsExactly("ret_forwarded_new", "ret_pending_old", "ret_rejected_new");
    }
}
