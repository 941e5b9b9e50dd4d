package com.crmtelephony.cdr.live;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PhonebookStub;
import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.testsupport.SseEvents;
import com.crmtelephony.testsupport.SseEvents.Event;
import com.crmtelephony.support.shares.TenantShares;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** GET /cdr/events: a tenant's live calls as Server-Sent Events, from the triggers of V11 through LISTEN/NOTIFY. */
class CallEventsTests extends CdrServiceTest {

    private static final String CALLER = "35799000001";

    private MvcResult open(UUID tenant, String lastEventId) throws Exception {
        var get = get("/cdr/events").with(tenant(tenant)).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            get.header("Last-Event-ID", lastEventId);
        }
        return mvc.perform(get).andExpect(request().asyncStarted()).andReturn();
    }

    static List<Event> events(MvcResult stream) throws Exception {
        return SseEvents.parse(stream.getResponse().getContentAsString());
    }

    static List<Event> awaitEvents(MvcResult stream, Predicate<List<Event>> until) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> events(stream), until);
    }

    private static String at(long secondsAgo) {
        return Instant.now().minusSeconds(secondsAgo).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String call(String uuid, String action, String start, String answer, String end) {
        return """
                {"uuid":"%s","caller_number":%s,"destination_number":"2000","direction":"inbound",
                 "call_start":"%s","answer_start":%s,"call_end":%s,"action":"%s"}"""
                .formatted(uuid, CALLER, start, answer == null ? "null" : "\"" + answer + "\"",
                        end == null ? "null" : "\"" + end + "\"", action);
    }

    @Test
    void eachStateChangeOfALiveCallReachesItsTenantsStreamsOnceWithTheCallersContact() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        phonebook.contacts().put(tenant, Map.of(CALLER, "Alice Adams"));
        MvcResult mine = open(tenant, null);
        MvcResult theirs = open(other, null);
        String start = at(20);

        postCalls(tenant, "[" + call("live-1", "RING", start, null, null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("live-1", "RING", start, null, null) + "]").andExpect(status().isOk()); // a replay
        postCalls(tenant, "[" + call("live-1", "ANSWERED", start, at(15), null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("live-1", "HANGUP", start, at(15), at(1)) + "]").andExpect(status().isOk());

        List<Event> events = awaitEvents(mine, e -> e.size() >= 3);
        assertThat(events).extracting(e -> e.json("$.state")).containsExactly("ringing", "answered", "ended");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("call");
            assertThat(e.json("$.call.uuid")).isEqualTo("live-1");
            assertThat(e.json("$.otherParty.number")).isEqualTo(CALLER);
            assertThat(e.json("$.otherParty.contact.name")).isEqualTo("Alice Adams");
            assertThat(e.json("$.id")).isEqualTo(e.id());
        });
        assertThat(events).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
        assertThat(mine.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        // Another tenant's stream got nothing of it (its heartbeats only).
        await().atMost(Duration.ofSeconds(5)).until(() -> theirs.getResponse().getContentAsString().contains(":heartbeat"));
        assertThat(events(theirs)).isEmpty();
    }

    @Autowired
    AbstractApplicationContext context;

    /**
     * What acts on new events (outbound deliveries) wakes on the instance's announcement of them
     * rather than polling: a stored call event is announced with its tenant, streams open or not.
     */
    @Test
    void aStoredCallEventIsAnnouncedWithItsTenantWithoutAnyStreamOpen() throws Exception {
        UUID tenant = newTenant();
        List<CallEventsAnnounced> heard = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = e -> {
            if (e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof CallEventsAnnounced a) {
                heard.add(a);
            }
        };
        context.addApplicationListener(listener);
        try {
            postCalls(tenant, "[" + call("announced-1", "RING", at(5), null, null) + "]").andExpect(status().isOk());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> heard.stream().anyMatch(a -> a.tenants().contains(tenant)));
        } finally {
            context.removeApplicationListener(listener);
        }
    }

    @Test
    void anInboundCallHungUpUnansweredIsMissedAndPastCallsMakeNoEvents() throws Exception {
        UUID tenant = newTenant();
        MvcResult stream = open(tenant, null);
        postCalls(tenant, "[" + call("old-1", "HANGUP", at(2 * 86400), null, at(2 * 86400 - 30)) + ","
                + call("missed-1", "RING", at(30), null, null) + "]").andExpect(status().isOk());
        postCalls(tenant, "[" + call("missed-1", "HANGUP", at(30), null, at(2)) + "]").andExpect(status().isOk());

        List<Event> events = awaitEvents(stream, e -> e.size() >= 2);
        assertThat(events).extracting(e -> e.json("$.call.uuid") + " " + e.json("$.state"))
                .containsExactly("missed-1 ringing", "missed-1 missed");
        assertThat(jdbc.queryForObject("select count(*) from call_event where tenant_id = ? and call_uuid = 'old-1'",
                Long.class, tenant)).as("a sync of past days is no news").isZero();
        assertThat(events.get(0).json("$.otherParty.contact")).as("no contact has the number").isNull();
    }

    @Test
    void aStreamResumesAfterItsLastEventIdFromTheKeptHistoryThenFollows() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("r-1", "RING", at(50), null, null) + "," + call("r-2", "RING", at(40), null, null) + ","
                + call("r-3", "RING", at(30), null, null) + "]").andExpect(status().isOk());
        List<Long> ids = jdbc.queryForList("select id from call_event where tenant_id = ? order by id", Long.class, tenant);
        assertThat(ids).hasSize(3);

        MvcResult resumed = open(tenant, ids.get(0).toString());
        assertThat(awaitEvents(resumed, e -> e.size() >= 2)).extracting(Event::id)
                .containsExactly(ids.get(1).toString(), ids.get(2).toString());
        postCalls(tenant, "[" + call("r-1", "ANSWERED", at(50), at(45), null) + "]").andExpect(status().isOk());
        assertThat(awaitEvents(resumed, e -> e.size() >= 3)).extracting(e -> e.json("$.call.uuid") + " " + e.json("$.state"))
                .containsExactly("r-2 ringing", "r-3 ringing", "r-1 answered");

        // The same with the query parameter, for clients that cannot set the header.
        MvcResult byParameter = mvc.perform(get("/cdr/events").with(tenant(tenant)).param("last_event_id", ids.get(1).toString()))
                .andExpect(request().asyncStarted()).andReturn();
        assertThat(awaitEvents(byParameter, e -> e.size() >= 2)).extracting(e -> e.json("$.call.uuid"))
                .containsExactly("r-3", "r-1");
        // A new stream without an id starts from now.
        MvcResult fresh = open(tenant, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> fresh.getResponse().getContentAsString().contains(":heartbeat"));
        assertThat(events(fresh)).isEmpty();
    }

    @Test
    void furtherBehindThanTheReplayLimitTheStreamSaysResetAndGoesOnFromNow() throws Exception {
        UUID tenant = newTenant();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append(call("m-" + i, "RING", at(60), null, null));
        }
        postCalls(tenant, many.append("]").toString()).andExpect(status().isOk());
        MvcResult stream = open(tenant, "0");
        List<Event> events = awaitEvents(stream, e -> !e.isEmpty());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).name()).isEqualTo("reset");
        assertThat(events.get(0).json("$.reason")).contains("reload the calls");
        postCalls(tenant, "[" + call("m-0", "ANSWERED", at(60), at(50), null) + "]").andExpect(status().isOk());
        assertThat(awaitEvents(stream, e -> e.size() >= 2).get(1).json("$.state")).isEqualTo("answered");
    }

    /** A resume replays no more than half of what a stream may queue in bytes: further behind, reset (issue 37). */
    @Test
    void moreMissedEventsThanAStreamMayQueueInBytesAlsoSayReset() throws Exception {
        UUID tenant = newTenant();
        StringBuilder many = new StringBuilder("[");
        int calls = (int) (queueBytes.toBytes() / 2 / 200); // an event is well over 200 bytes of JSON
        for (int i = 0; i < calls; i++) {
            many.append(i == 0 ? "" : ",").append(call("b-" + i, "RING", at(60), null, null));
        }
        postCalls(tenant, many.append("]").toString()).andExpect(status().isOk());
        assertThat(calls).isLessThan(1000);
        List<Event> events = awaitEvents(open(tenant, "0"), e -> !e.isEmpty());
        assertThat(events).extracting(Event::name).containsExactly("reset");
    }

    @org.springframework.beans.factory.annotation.Value("${crm.live.queue-bytes}")
    DataSize queueBytes;

    @Test
    void withThePhoneBookDownTheEventStillComesWithoutAContact() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, Map.of(CALLER, "Alice Adams"));
        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        MvcResult stream = open(tenant, null);
        postCalls(tenant, "[" + call("down-1", "RING", at(5), null, null) + "]").andExpect(status().isOk());
        Event event = awaitEvents(stream, e -> !e.isEmpty()).get(0);
        assertThat(event.json("$.state")).isEqualTo("ringing");
        assertThat(event.json("$.otherParty.contact")).isNull();
    }

    @Test
    void aLastEventIdThatIsNoEventsIdIs400AndAnAdminNamesItsTenant() throws Exception {
        UUID tenant = newTenant();
        for (String bad : new String[] {"abc", "-1", "1e3", "12345678901234567890", ""}) {
            mvc.perform(get("/cdr/events").with(tenant(tenant)).header("Last-Event-ID", bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(get("/cdr/events").with(TestTokens.admin())).andExpect(status().isBadRequest());
        mvc.perform(get("/cdr/events")).andExpect(status().isUnauthorized());
    }

    @Autowired
    CallEventRepository callEvents;
    @Autowired
    PhonebookDirectory directory;
    @Autowired
    DataSource dataSource;
    @Autowired
    LiveCalls live;

    /**
     * A client that stops reading is a socket write that blocks. Its stream's sender waits on it;
     * the listener and another tenant's stream do not, and once the stalled stream is
     * {@code crm.live.queue} events behind it is dropped (its client resumes by Last-Event-ID).
     */
    @Test
    void aClientThatStopsReadingHoldsUpNoOtherTenantsStreamAndIsDroppedWhenFarBehind() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        AtomicInteger stalledSends = new AtomicInteger();
        AtomicBoolean released = new AtomicBoolean();
        List<String> fastGot = new CopyOnWriteArrayList<>();
        LiveCalls live = new LiveCalls(callEvents, directory, dataSource, small(5), shares, json, event -> { }) {
            @Override
            SseEmitter emitter(long timeoutMillis) {
                boolean stalled = made.getAndIncrement() == 0;
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder event) throws IOException {
                        String text = event.build().stream().map(d -> String.valueOf(d.getData())).collect(Collectors.joining());
                        if (stalled) {
                            stalledSends.incrementAndGet();
                            try {
                                unblock.await(); // as a full socket buffer would
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            released.set(true);
                            throw new IOException("Broken pipe");
                        }
                        if (text.contains("event:call")) {
                            fastGot.add(text);
                        }
                    }
                };
            }
        };
        live.start();
        try {
            UUID slow = newTenant();
            UUID fast = newTenant();
            live.open(slow, null);
            live.open(fast, null);
            for (int i = 0; i < 8; i++) {
                postCalls(slow, "[" + call("slow-" + i, "RING", at(10), null, null) + "]").andExpect(status().isOk());
            }
            postCalls(fast, "[" + call("fast-1", "RING", at(10), null, null) + "," + call("fast-2", "RING", at(10), null, null)
                    + "]").andExpect(status().isOk());

            await().atMost(Duration.ofSeconds(5)).until(() -> fastGot.size() == 2);
            assertThat(String.join("", fastGot)).contains("fast-1", "fast-2").doesNotContain("slow-");
            await().atMost(Duration.ofSeconds(5)).until(() -> live.openStreams() == 1);
            assertThat(unblock.getCount()).as("the stalled client was still not reading").isEqualTo(1);
            unblock.countDown();
            await().atMost(Duration.ofSeconds(5)).untilTrue(released);
            Thread.sleep(300);
            assertThat(stalledSends).as("what waited for the dropped client was discarded, not written").hasValue(1);
        } finally {
            unblock.countDown();
            live.stop();
        }
    }


    /** The tenants' dashboard: a tenant's open streams on the instance, its own series from its first stream. */
    @Test
    void eachTenantsOpenStreamsAreCountedApart() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        open(tenant, null);
        open(tenant, null);
        open(other, null);
        assertThat(meters.get("crm.live.tenant.streams").tag("tenant", tenant.toString()).gauge().value()).isEqualTo(2);
        assertThat(meters.get("crm.live.tenant.streams").tag("tenant", other.toString()).gauge().value()).isEqualTo(1);
        assertThat(meters.find("crm.live.tenant.streams").tag("tenant", newTenant().toString()).gauge()).isNull();
    }

    /**
     * The LISTEN connection cut under the instance (a failover, a pooler restart): the listener
     * connects again and each stream catches up from its last event id, missing nothing stored
     * meanwhile. The connection is asked a check every crm.live.listen-check (1 s here).
     */
    @Test
    void aCutListenConnectionIsReplacedAndTheStreamsCatchUp() throws Exception {
        UUID tenant = newTenant();
        MvcResult stream = open(tenant, null);
        long checks = live.listenChecks();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.listenChecks() > checks);

        postCalls(tenant, "[" + call("cut-1", "RING", at(20), null, null) + "]").andExpect(status().isOk());
        awaitEvents(stream, e -> e.size() == 1);
        assertThat(jdbc.queryForObject("select count(*) from pg_stat_activity where application_name = ?"
                + " and pg_backend_pid() <> pid", Long.class, "cdr-service live-calls LISTEN")).as("its own connection").isPositive();
        jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?",
                Boolean.class, "cdr-service live-calls LISTEN");
        postCalls(tenant, "[" + call("cut-2", "RING", at(10), null, null) + "]").andExpect(status().isOk());

        assertThat(awaitEvents(stream, e -> e.size() == 2)).extracting(e -> e.json("$.call.uuid")).containsExactly("cut-1", "cut-2");
        long after = live.listenChecks();
        await().atMost(Duration.ofSeconds(15)).until(() -> live.listenChecks() > after);
    }

    /**
     * SIGTERM: each open stream gets what was queued for it, then a retry: hint, and ends; a
     * stream asked for while the instance stops gets the hint alone (no error status: an
     * EventSource would give up), holding none of the tenant's share.
     */
    @Test
    void onShutdownStreamsEndWithARetryHintAndNewOnesGetTheHintAlone() throws Exception {
        UUID tenant = newTenant();
        MvcResult stream = open(tenant, null);
        postCalls(tenant, "[" + call("bye-1", "RING", at(20), null, null) + "]").andExpect(status().isOk());
        awaitEvents(stream, e -> e.size() == 1);
        live.stop();
        try {
            assertThat(stream.getResponse().getContentAsString()).containsPattern("(?m)^retry:[0-9]{4}$");
            assertThat(events(stream)).extracting(e -> e.json("$.call.uuid")).containsExactly("bye-1");
            int open = live.openStreams();
            MvcResult late = mvc.perform(get("/cdr/events").with(tenant(tenant)).accept(MediaType.TEXT_EVENT_STREAM)
                    .header("Last-Event-ID", events(stream).get(0).id())).andReturn();
            await().atMost(Duration.ofSeconds(5)).until(() -> late.getResponse().getContentAsString().contains("retry:"));
            assertThat(late.getResponse().getStatus()).isEqualTo(200);
            assertThat(events(late)).isEmpty();
            assertThat(live.openStreams()).isEqualTo(open);
        } finally {
            live.start();
        }
    }

    static LiveProperties small(int queue) {
        return new LiveProperties(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofHours(24), 1000, 10,
                DataSize.ofKilobytes(256), 0.25, queue, DataSize.ofKilobytes(256), 2, null, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    @Autowired
    TenantShares shares;
    @Autowired
    JsonMapper json;

    /**
     * Issue 37: one tenant's key opens streams up to its key's share, then its tenant's; past
     * either, 429 problem+json naming the share, before any stream is held. Another tenant's
     * stream opens meanwhile.
     */
    @Test
    void aTenantsStreamsAreHeldToItsShareAndItsKeysAndAnotherTenantStillOpensOne() throws Exception {
        UUID greedy = newTenant();
        int perKey = shares.of("streams-per-key", greedy);
        int perTenant = shares.of("streams", greedy);
        int before = live.openStreams();
        for (int i = 0; i < perKey; i++) {
            mvc.perform(get("/cdr/events").with(tenant(greedy).subject("agent-1")).accept(MediaType.TEXT_EVENT_STREAM))
                    .andExpect(request().asyncStarted());
        }
        mvc.perform(get("/cdr/events").with(tenant(greedy).subject("agent-1")).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.share").value("streams-per-key"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().exists("Retry-After"));
        for (int i = perKey; i < perTenant; i++) {
            mvc.perform(get("/cdr/events").with(tenant(greedy).subject("agent-" + (2 + i % 3))).accept(MediaType.TEXT_EVENT_STREAM))
                    .andExpect(request().asyncStarted());
        }
        mvc.perform(get("/cdr/events").with(tenant(greedy).subject("agent-9")).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.share").value("streams"));
        assertThat(live.openStreams() - before).isEqualTo(perTenant);

        UUID other = newTenant();
        MvcResult stream = open(other, null);
        postCalls(other, "[" + call("other-1", "RING", at(10), null, null) + "]").andExpect(status().isOk());
        awaitEvents(stream, got -> got.stream().anyMatch(e -> "call".equals(e.name())));
    }

    /** Issue 39: a tenant's share of streams set in the tenant registry holds, whatever the deployment's default. */
    @Test
    void aStreamsShareSetInTheRegistryHoldsTheTenant() throws Exception {
        UUID small = newTenant();
        registry.put(small, "CY", "Europe/Nicosia", Map.of("streams", 2));
        for (int i = 0; i < 2; i++) {
            mvc.perform(get("/cdr/events").with(tenant(small).subject("agent-" + i)).accept(MediaType.TEXT_EVENT_STREAM))
                    .andExpect(request().asyncStarted());
        }
        mvc.perform(get("/cdr/events").with(tenant(small).subject("agent-3")).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.share").value("streams"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.limit").value(2));
        assertThat(shares.of("streams", newTenant())).as("another tenant: the default").isGreaterThan(2);
    }

    /** A stream that ends (here its client is gone at the first write) gives its shares back. */
    @Test
    void aStreamThatEndsGivesItsShareBack() throws Exception {
        TenantShares one = new TenantShares(Map.of("streams", 1, "streams-per-key", 1), null);
        AtomicBoolean gone = new AtomicBoolean(true);
        LiveCalls live = new LiveCalls(callEvents, directory, dataSource, small(5), one, json, event -> { }) {
            @Override
            SseEmitter emitter(long timeoutMillis) {
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder event) throws IOException {
                        if (gone.get()) {
                            throw new IOException("Broken pipe");
                        }
                    }
                };
            }
        };
        live.start();
        try {
            UUID tenant = newTenant();
            live.open(tenant, "agent", null);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.openStreams() == 0);
            gone.set(false);
            live.open(tenant, "agent", null);
            assertThat(live.openStreams()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.open(tenant, "agent", null))
                    .isInstanceOf(com.crmtelephony.support.shares.ShareExceededException.class);
        } finally {
            live.stop();
        }
    }

    /** The instance's cap answers before its heap runs out: the lower of crm.live.max-streams and what a share of the heap holds. */
    @Test
    void theInstanceCapIsBelowWhatItsHeapHolds() {
        LiveProperties properties = new LiveProperties(Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofHours(24), 1000,
                2000, DataSize.ofKilobytes(256), 0.25, 1000, DataSize.ofKilobytes(256), 4, null, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        assertThat(properties.streamCap(160L << 20)).as("a quarter of 160 MiB at 256 KiB each").isEqualTo(160);
        assertThat(properties.streamCap(8L << 30)).as("crm.live.max-streams").isEqualTo(2000);
        assertThat(properties.streamCap(1L << 20)).isEqualTo(1);
    }
}
