package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crmtelephony.testsupport.SseEvents;
import com.crmtelephony.testsupport.SseEvents.Event;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /cdr/events through the gateway: a call the PBX plays as webhooks reaches its tenant's open
 * stream as it happens, with the other party's contact as the phone book has it, and nobody
 * else's; a stream resumes after its Last-Event-ID.
 */
class LiveCallsIT {

    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    static final String OTHER = "22222222-2222-4222-8222-222222222222";

    @BeforeAll
    static void suite() {
        Suite.ready();
        Suite.awaitSignedSubscription(); // mock-pbx forgets its subscribers when an earlier test restarts it
    }

    /** A stream read on a thread of its own, as a browser's EventSource reads one. */
    static final class Stream implements AutoCloseable {

        final StringBuffer text = new StringBuffer();
        final HttpResponse<java.util.stream.Stream<String>> response;

        Stream(Map<String, String> headers, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + "/cdr-service/cdr/events"))
                    .header("Accept", "text/event-stream");
            headers.forEach(request::header);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = Suite.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(() -> {
                try {
                    response.body().forEach(line -> text.append(line).append('\n'));
                } catch (RuntimeException closed) {
                    // closed by the test
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        List<Event> events() {
            return SseEvents.parse(text.toString());
        }

        List<Event> of(String callUuid) {
            return events().stream().filter(e -> callUuid.equals(e.json("$.call.uuid"))).toList();
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    static String play(String outcome) throws Exception {
        // At the PBX itself: the compat route through the gateway draws the outcome. Its webhooks
        // come in through the gateway as every PBX webhook does.
        HttpResponse<String> fired = get(Suite.MOCK_PBX + "/trigger_webhooks?outcome=" + outcome, Map.of("Tenant-UUID", TENANT));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(200);
        return fired.headers().firstValue("X-Call-UUID").orElseThrow();
    }

    @Test
    void aCallThePbxPlaysReachesItsTenantsStreamAsItHappensNamedFromThePhoneBook() throws Exception {
        try (Stream mine = new Stream(tenantKey(TENANT), null); Stream theirs = new Stream(tenantKey(OTHER), null)) {
            assertThat(mine.response.statusCode()).isEqualTo(200);
            assertThat(mine.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            String answered = play("ANSWERED");
            String missed = play("MISSED");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(states(mine.of(answered))).as("the answered call's events in %s", mine.text).contains("ended");
                assertThat(states(mine.of(missed))).as("the unanswered call's events in %s", mine.text)
                        .containsAnyOf("missed", "ended");
            });
            // In the order they happened; webhooks that reach cdr-service in one batch may skip a state.
            assertThat(List.of("ringing", "answered", "ended")).containsSubsequence(states(mine.of(answered)));
            // Unanswered, it is missed when it came in, and only ended when the tenant called out.
            String direction = mine.of(missed).get(0).json("$.call.direction");
            String unanswered = "inbound".equals(direction) ? "missed" : "ended";
            assertThat(List.of("ringing", unanswered)).containsSubsequence(states(mine.of(missed)));
            assertThat(mine.of(missed)).allSatisfy(e -> assertThat(e.data()).doesNotContain("answerStart"));
            assertThat(mine.events()).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();

            Event last = mine.of(answered).get(mine.of(answered).size() - 1);
            String number = last.json("$.otherParty.number");
            HttpResponse<String> contact = get(GATEWAY + "/phonebook-service/phone_book/records/" + number, tenantKey(TENANT));
            if (contact.statusCode() == 200) {
                assertThat(last.json("$.otherParty.contact.name")).isEqualTo(Suite.body(contact).get("name").asString());
            } else {
                assertThat(contact.statusCode()).isEqualTo(404);
                assertThat(last.json("$.otherParty.contact")).isNull();
            }
            assertThat(theirs.of(answered)).isEmpty();
            assertThat(theirs.of(missed)).isEmpty();

            // Resumed after the first event, a stream gets everything after it, in order.
            List<String> ids = mine.events().stream().map(Event::id).toList();
            try (Stream resumed = new Stream(tenantKey(TENANT), ids.get(0))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().size() >= ids.size() - 1);
                assertThat(resumed.events().stream().map(Event::id).toList()).startsWith(ids.subList(1, ids.size()).toArray(String[]::new));
            }
        }
    }

    static List<String> states(List<Event> events) {
        return events.stream().map(e -> e.json("$.state")).toList();
    }

    @Test
    void aStreamWantsAValidKeyATenantAndAnEventsId() throws Exception {
        assertThat(get(GATEWAY + "/cdr-service/cdr/events", Map.of("X-API-Key", "crm-demo-tenant1-kez")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> noTenant = get(GATEWAY + "/cdr-service/cdr/events", Map.of("X-API-Key", Suite.ADMIN_KEY));
        assertThat(noTenant.statusCode()).isEqualTo(400);
        assertThat(noTenant.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> badId = Suite.send("GET", GATEWAY + "/cdr-service/cdr/events?last_event_id=x1",
                tenantKey(TENANT), null, null);
        assertThat(badId.statusCode()).isEqualTo(400);
    }
}
