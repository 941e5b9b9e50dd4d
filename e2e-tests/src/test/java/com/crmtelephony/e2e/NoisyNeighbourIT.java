package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.crmtelephony.testsupport.SlowReceivers;
import com.crmtelephony.testsupport.WebhookReceiver;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static com.crmtelephony.e2e.Suite.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 37, the noisy neighbour, through the gateway: tenant A opens event streams up to its share
 * and past it, floods webhook endpoints that never answer and one that trickles its body, fills
 * its share of job slots and fires reconciliations in parallel. Meanwhile tenant B's reads keep
 * their pace, its stream gets its call's event, its webhook arrives, its async import is taken,
 * and no instance restarts. Every loop here is bounded and stops by itself.
 */
class NoisyNeighbourIT {

    static final String A = "11111111-1111-4111-8111-111111111111";
    static final String B = "22222222-2222-4222-8222-222222222222";
    static final String WEBHOOKS = GATEWAY + "/cdr-service/cdr/webhooks";
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("api-gateway", 8666, "cdr-service", 8901,
            "phonebook-service", 8501, "pbx-integration-service", 9901);

    static SlowReceivers slow;
    static WebhookReceiver receiver;
    static final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void suite() {
        Suite.ready();
        slow = new SlowReceivers(SuiteProcess.SILENT_RECEIVER_PORT, SuiteProcess.TRICKLING_RECEIVER_PORT);
        receiver = Suite.receiver();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        for (String tenant : List.of(A, B)) {
            for (JsonNode endpoint : body(get(WEBHOOKS, tenantKey(tenant)))) {
                send("DELETE", WEBHOOKS + "/" + endpoint.get("id").asString(), tenantKey(tenant), null, null);
            }
        }
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String call(String uuid) {
        return """
                {"uuid":"%s","caller_number":"35799777001","destination_number":"2000","direction":"inbound",
                 "call_start":"%s","action":"RING"}""".formatted(uuid, now());
    }

    /** When each service's process started (Prometheus' process_start_time_seconds): a restart changes it. */
    static Map<String, String> startTimes() throws Exception {
        Map<String, String> started = new HashMap<>();
        for (Map.Entry<String, Integer> service : MANAGEMENT_PORTS.entrySet()) {
            String metrics = get("http://127.0.0.1:" + service.getValue() + "/actuator/prometheus", Suite.management()).body();
            started.put(service.getKey(), metrics.lines().filter(l -> l.startsWith("process_start_time_seconds"))
                    .findFirst().orElseThrow());
        }
        return started;
    }

    /** p95 of B's reads through the gateway, in ms, over {@code count} requests one after another. */
    static long p95OfReads(int count) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> read = get(GATEWAY + "/cdr-service/cdr/get?page=0&size=20", tenantKey(B));
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(read.statusCode()).isEqualTo(200);
        }
        millis.sort(Long::compare);
        return millis.get((int) Math.ceil(count * 0.95) - 1);
    }

    static String directory(int rows) {
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; i < rows; i++) {
            csv.append("Noisy ").append(i).append(",,+3579688").append(String.format("%04d", i % 10_000)).append('\n');
        }
        return csv.toString();
    }

    @Test
    void oneTenantsWorstUseOfStreamsWebhooksJobsAndReconciliationsLeavesAnotherItsService() throws Exception {
        Map<String, String> startedBefore = startTimes();
        long restP95 = p95OfReads(40);

        // Streams: A's key holds its share, the next one is 429 naming it.
        int perKey = 20;
        for (int i = 0; i < perKey; i++) {
            LiveCallsIT.Stream stream = new LiveCallsIT.Stream(tenantKey(A), null);
            opened.add(stream);
            assertThat(stream.response.statusCode()).as("stream %d of A's key", i).isEqualTo(200);
        }
        HttpResponse<String> pastShare = get(GATEWAY + "/cdr-service/cdr/events", Map.of("X-API-Key",
                tenantKey(A).get("X-API-Key"), "Accept", "text/event-stream"));
        assertThat(pastShare.statusCode()).isEqualTo(429);
        assertThat(pastShare.headers().firstValue("Retry-After")).isPresent();
        assertThat(body(pastShare).get("share").asString()).isEqualTo("streams-per-key");

        // Webhooks: eight endpoints that never answer, one that trickles its body, and a flood of calls.
        for (int i = 0; i < 8; i++) {
            assertThat(send("POST", WEBHOOKS, tenantKey(A), "application/json", "{\"url\":\"" + slow.silentUrl("/never-" + i)
                    + "\",\"events\":[\"ringing\"]}").statusCode()).isEqualTo(201);
        }
        assertThat(send("POST", WEBHOOKS, tenantKey(A), "application/json", "{\"url\":\"" + slow.tricklingUrl("/trickle")
                + "\",\"events\":[\"ringing\"]}").statusCode()).isEqualTo(201);
        StringBuilder flood = new StringBuilder("[");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 200; i++) {
            flood.append(i == 0 ? "" : ",").append(call("noisy-" + run + "-" + i));
        }
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", tenantKey(A), "application/json", flood.append("]").toString())
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.silentConnections() > 0);

        // Jobs: A's async imports, six at once against its share of four.
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            String csv = directory(20_000);
            List<Future<HttpResponse<String>>> imports = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                imports.add(pool.submit(() -> send("POST", GATEWAY + "/phonebook-service/phone_book/records/import",
                        withPrefer(tenantKey(A)), "text/csv", csv)));
            }
            // Reconciliations: six at once, each a different range (none answered from another's memory).
            List<Future<HttpResponse<String>>> reconciliations = new ArrayList<>();
            for (int days = 1; days <= 6; days++) {
                String url = GATEWAY + "/cdr-service/cdr/reconciliation?days=" + days;
                reconciliations.add(pool.submit(() -> get(url, tenantKey(A))));
            }
            List<Integer> importStatuses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : imports) {
                importStatuses.add(f.get(60, TimeUnit.SECONDS).statusCode());
            }
            assertThat(importStatuses).as("A's imports past its share of job slots").contains(429).containsOnly(202, 429);
            for (Future<HttpResponse<String>> f : reconciliations) {
                assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).as("a reconciliation of A's").isIn(200, 429);
            }

            // Meanwhile, tenant B.
            HttpResponse<String> bImport = send("POST", GATEWAY + "/phonebook-service/phone_book/records/import",
                    withPrefer(tenantKey(B)), "text/csv", "name,email,number\nB One,,+35796990001\n");
            assertThat(bImport.statusCode()).as("B's async import").isEqualTo(202);

            long loadP95 = p95OfReads(40);
            assertThat(loadP95).as("B's read p95 under A's load (at rest %d ms)", restP95)
                    .isLessThanOrEqualTo(Math.max(2 * restP95, 100));

            // Requests: A's key keeps eight year-long reports in flight, past its requests share
            // (one at a time on an instance): the rest wait their turn or are refused, so A holds
            // one request thread, one connection and about one core, and B's reads keep their pace.
            Map<String, Integer> flooded = new java.util.concurrent.ConcurrentHashMap<>();
            long floodP95 = whileAReports(pool, 8, flooded);
            System.out.printf("B's read p95: %d ms at rest, %d ms under A's streams, webhooks, jobs and reconciliations,"
                    + " %d ms while A floods reports %s%n", restP95, loadP95, floodP95, flooded);
            assertThat(flooded.keySet()).as("A's reports: answered, or refused naming a share")
                    .allMatch(k -> k.equals("200") || k.startsWith("429:requests"));
            // A's one running report still takes a core and its garbage collections pause the
            // instance B reads from (this machine has two): measured 70 and 94 ms against 22 and 26
            // at rest (149 ms with a share of two). Beyond 150 ms A would hold more than its share.
            assertThat(floodP95).as("B's read p95 while A floods reports %s (at rest %d ms)", flooded, restP95)
                    .isLessThanOrEqualTo(Math.max(2 * restP95, 150));

            try (LiveCallsIT.Stream bStream = new LiveCallsIT.Stream(tenantKey(B), null)) {
                assertThat(bStream.response.statusCode()).isEqualTo(200);
                String endpointPath = "/noisy-b-" + run;
                assertThat(send("POST", WEBHOOKS, tenantKey(B), "application/json", "{\"url\":\"" + receiver.url(endpointPath)
                        + "\",\"events\":[\"ringing\"]}").statusCode()).isEqualTo(201);
                String bCall = "quiet-" + run;
                long sent = System.nanoTime();
                assertThat(send("PUT", GATEWAY + "/cdr-service/cdr/put", tenantKey(B), "application/json", call(bCall)).statusCode())
                        .isIn(200, 201);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> !bStream.of(bCall).isEmpty());
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("B's event on its stream").isLessThan(Duration.ofSeconds(2));
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> receiver.at(endpointPath).stream().anyMatch(r -> r.body().contains(bCall)));
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("B's webhook delivery").isLessThan(Duration.ofSeconds(5));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(startTimes()).as("no instance restarted").isEqualTo(startedBefore);
    }

    /** B's read p95 (40 reads) while {@code clients} of A's keep year-long reports in flight; A's answers counted by status. */
    static long whileAReports(ExecutorService pool, int clients, Map<String, Integer> answers) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        String yearLong = GATEWAY + "/cdr-service/cdr/report?from=" + Instant.now().minus(365, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS) + "&to=" + now();
        List<Future<?>> floods = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            floods.add(pool.submit(() -> {
                while (flooding.get()) {
                    HttpResponse<String> answer = get(yearLong, tenantKey(A));
                    String share = answer.statusCode() == 429 && body(answer).has("share") ? ":" + body(answer).get("share").asString() : "";
                    answers.merge(answer.statusCode() + share, 1, Integer::sum);
                }
                return null;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> answers.values().stream().mapToInt(Integer::intValue).sum() >= clients);
            return p95OfReads(40);
        } finally {
            flooding.set(false);
            for (Future<?> f : floods) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    static Map<String, String> withPrefer(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Prefer", "respond-async");
        return all;
    }
}
