package com.crmtelephony.pbx.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.util.unit.DataSize;

import com.crmtelephony.pbx.PbxIntegrationProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The inbox's writer without a database: what it writes together, and what a failure answers. */
class InboxTests {

    static final UUID TENANT = UUID.randomUUID();
    final InboxRepository repository = mock(InboxRepository.class);
    final Forwarder forwarder = mock(Forwarder.class);
    final List<List<InboxEvent>> writes = new CopyOnWriteArrayList<>();
    Inbox inbox;

    static InboxProperties properties(Duration retention) {
        return new InboxProperties(Duration.ofSeconds(2), 500, 1000, 500, DataSize.ofMegabytes(4), Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), retention, Duration.ofDays(7), Duration.ofMinutes(1));
    }

    static PbxIntegrationProperties pbx() {
        return new PbxIntegrationProperties("an-inbox-test-secret-of-24b", Map.of(), false, List.of(TENANT), Duration.ofMinutes(5), null, false,
                Duration.ofSeconds(15));
    }

    Inbox started(InboxProperties properties) {
        inbox = new Inbox(repository, forwarder, properties, pbx());
        inbox.start();
        return inbox;
    }

    /** Stores what it is given, as the table would: a key stored before is not stored again. */
    void aTable() {
        Set<InboxEvent.Key> keys = new HashSet<>();
        when(repository.insert(any())).thenAnswer(call -> {
            List<InboxEvent> events = call.getArgument(0);
            writes.add(events);
            Thread.sleep(50); // a commit's flush, while others queue up
            Set<InboxEvent.Key> added = new HashSet<>();
            events.forEach(e -> {
                if (keys.add(e.key())) {
                    added.add(e.key());
                }
            });
            return added;
        });
    }

    @AfterEach
    void stop() {
        if (inbox != null && inbox.isRunning()) {
            inbox.stop();
        }
    }

    @Test
    void webhooksArrivingTogetherAreStoredInFewWritesEachAnsweredOnlyOnceItIsStored() throws Exception {
        aTable();
        started(properties(Duration.ofHours(1)));
        ExecutorService pbx = Executors.newFixedThreadPool(40);
        List<Future<Inbox.Stored>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "msg_" + i;
            answers.add(pbx.submit(() -> inbox.store(InboxEvent.signed(TENANT, id, "{}"))));
        }
        for (Future<Inbox.Stored> answer : answers) {
            assertThat(answer.get()).isEqualTo(Inbox.Stored.NEW);
        }
        pbx.shutdown();
        assertThat(writes.stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(writes).as("one write per webhook would be 200").hasSizeLessThan(50);
    }

    @Test
    void theSameEventTwiceIsStoredOnceWhetherInOneWriteOrLater() {
        aTable();
        started(properties(Duration.ofHours(1)));
        InboxEvent event = InboxEvent.signed(TENANT, "msg_twice", "{}");
        assertThat(inbox.store(event)).isEqualTo(Inbox.Stored.NEW);
        assertThat(inbox.store(event)).isEqualTo(Inbox.Stored.DUPLICATE);
        assertThat(inbox.store(InboxEvent.signed(UUID.randomUUID(), "msg_twice", "{}")))
                .as("another tenant's id is its own").isEqualTo(Inbox.Stored.NEW);
    }

    @Test
    void aDatabaseFailureIsTheWebhooksFailureSoThePbxDeliversAgain() {
        when(repository.insert(any())).thenThrow(new DataAccessResourceFailureException("Connection refused"));
        started(properties(Duration.ofHours(1)));
        assertThatThrownBy(() -> inbox.store(InboxEvent.signed(TENANT, "msg_down", "{}")))
                .isInstanceOf(DataAccessResourceFailureException.class).hasMessageContaining("Connection refused");
        doThrow(new QueryTimeoutException("slow")).when(repository).insert(any());
        assertThatThrownBy(() -> inbox.store(InboxEvent.signed(TENANT, "msg_slow", "{}")))
                .isInstanceOf(QueryTimeoutException.class);
    }

    @Test
    void aDatabaseThatHangsAnswersWithinTheStoreTimeout() {
        AtomicInteger calls = new AtomicInteger();
        when(repository.insert(any())).thenAnswer(call -> {
            calls.incrementAndGet();
            Thread.sleep(10_000);
            return Set.of();
        });
        started(properties(Duration.ofHours(1)));
        long t = System.nanoTime();
        assertThatThrownBy(() -> inbox.store(InboxEvent.signed(TENANT, "msg_hang", "{}")))
                .isInstanceOf(DataAccessResourceFailureException.class).hasMessageContaining("in 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aStoppedInboxTakesNothing() {
        aTable();
        started(properties(Duration.ofHours(1))).stop();
        assertThatThrownBy(() -> inbox.store(InboxEvent.signed(TENANT, "msg_late", "{}")))
                .isInstanceOf(DataAccessResourceFailureException.class).hasMessageContaining("stopping");
    }

    @Test
    void aRetentionShorterThanTwiceTheSignatureToleranceWouldLetReplaysThroughAndIsRefused() {
        assertThatThrownBy(() -> new Inbox(repository, forwarder, properties(Duration.ofMinutes(9)), pbx()))
                .hasMessageContaining("crm.pbx.inbox.retention");
    }

    @Test
    void anUnsignedEventsKeyIsItsTenantAndBody() {
        assertThat(InboxEvent.unsigned(TENANT, "{\"a\":1}").key()).isEqualTo(InboxEvent.unsigned(TENANT, "{\"a\":1}").key());
        assertThat(InboxEvent.unsigned(TENANT, "{\"a\":1}").key()).isNotEqualTo(InboxEvent.unsigned(TENANT, "{\"a\":2}").key());
        assertThat(InboxEvent.unsigned(TENANT, "{}").key()).isNotEqualTo(InboxEvent.unsigned(UUID.randomUUID(), "{}").key());
    }
}
