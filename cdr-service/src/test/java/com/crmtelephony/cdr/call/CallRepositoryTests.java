package com.crmtelephony.cdr.call;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call upsert's SQL against PostgreSQL with the service's migrations, and nothing else of
 * the service (a JDBC slice: no web layer, no registry). On embedded PostgreSQL here; on
 * PostgreSQL in a container in {@link CallRepositoryContainerIT}.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(CallRepository.class)
class CallRepositoryTests {

    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    @Autowired
    CallRepository calls;
    @Autowired
    JdbcTemplate jdbc;

    private final UUID tenant = UUID.randomUUID();

    private static Call call(String uuid, String callerName, Instant answerStart, Instant callEnd, CallAction action) {
        return new Call(uuid, "acme.pbx", callerName, new PhoneNumber("35799000001", true), new PhoneNumber("2000", false),
                Direction.INBOUND, START, null, answerStart, callEnd, null, "rec-" + uuid, null, null, action);
    }

    private Instant updatedAt(String uuid) {
        return jdbc.queryForObject("select updated_at from call_record where tenant_id = ? and uuid = ?", Instant.class,
                tenant, uuid);
    }

    @Test
    void newCallsAreInsertedAndReadBackAsTheyCame() {
        CallRepository.UpsertCounts counts = calls.upsertDistinct(tenant, List.of(
                call("a", "Alice", null, null, CallAction.RING), call("b", null, null, null, CallAction.ORIGINATE)));
        assertThat(counts).isEqualTo(new CallRepository.UpsertCounts(2, 0));
        assertThat(calls.get(tenant, "a")).isEqualTo(call("a", "Alice", null, null, CallAction.RING));
        assertThat(calls.count(tenant, CallFilter.NONE)).isEqualTo(2);
    }

    @Test
    void aLaterEventOverwritesButANullNeverWipesAKnownValue() {
        calls.upsertDistinct(tenant, List.of(call("a", "Alice", null, null, CallAction.RING)));
        Instant answered = START.plusSeconds(5);
        CallRepository.UpsertCounts counts = calls.upsertDistinct(tenant,
                List.of(call("a", null, answered, null, CallAction.ANSWERED)));
        assertThat(counts).isEqualTo(new CallRepository.UpsertCounts(0, 1));
        Call stored = calls.get(tenant, "a");
        assertThat(stored.action()).isEqualTo(CallAction.ANSWERED);
        assertThat(stored.answerStart()).isEqualTo(answered);
        assertThat(stored.callerName()).as("kept: the event had none").isEqualTo("Alice");
    }

    @Test
    void anOlderEventArrivingLateOnlyFillsGaps() {
        Instant end = START.plusSeconds(60);
        calls.upsertDistinct(tenant, List.of(call("a", null, null, end, CallAction.HANGUP)));
        calls.upsertDistinct(tenant, List.of(call("a", "Alice", START.plusSeconds(5), START.plusSeconds(1), CallAction.RING)));
        Call stored = calls.get(tenant, "a");
        assertThat(stored.action()).as("never moves backwards").isEqualTo(CallAction.HANGUP);
        assertThat(stored.callEnd()).as("known, kept").isEqualTo(end);
        assertThat(stored.callerName()).as("a gap, filled").isEqualTo("Alice");
        assertThat(stored.answerStart()).as("a gap, filled").isEqualTo(START.plusSeconds(5));
    }

    /** Each upsert its own transaction, as in the service: now() is a transaction's start. */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void aReplayThatChangesNothingTouchesNothing() {
        Call a = call("a", "Alice", null, null, CallAction.RING);
        calls.upsertDistinct(tenant, List.of(a));
        Instant before = updatedAt("a");
        assertThat(calls.upsertDistinct(tenant, List.of(a))).isEqualTo(new CallRepository.UpsertCounts(0, 0));
        assertThat(updatedAt("a")).isEqualTo(before);
        calls.upsertDistinct(tenant, List.of(call("a", "Alicia", null, null, CallAction.RING)));
        assertThat(updatedAt("a")).isAfter(before);
    }

    @Test
    void aTenantsCallsAreItsOwn() {
        UUID other = UUID.randomUUID();
        calls.upsertDistinct(tenant, List.of(call("same-id", "Alice", null, null, CallAction.RING)));
        calls.upsertDistinct(other, List.of(call("same-id", "Bob", null, null, CallAction.RING)));
        assertThat(calls.get(tenant, "same-id").callerName()).isEqualTo("Alice");
        assertThat(calls.get(other, "same-id").callerName()).isEqualTo("Bob");
        assertThat(calls.deleteByRecording(other, "rec-same-id")).isEqualTo(1);
        assertThat(calls.get(tenant, "same-id")).isNotNull();
    }

    @Test
    void aRangeIsHalfOpen() {
        calls.upsertDistinct(tenant, List.of(call("a", null, null, null, CallAction.RING)));
        assertThat(calls.count(tenant, CallFilter.range(START, START.plusSeconds(1)))).isEqualTo(1);
        assertThat(calls.count(tenant, CallFilter.range(START.minusSeconds(1), START))).isZero();
        assertThat(calls.find(tenant, CallFilter.range(START, null), 10, 0).calls()).extracting(Call::uuid).containsExactly("a");
    }
}
