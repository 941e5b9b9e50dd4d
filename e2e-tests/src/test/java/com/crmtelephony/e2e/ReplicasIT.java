package com.crmtelephony.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of every service that scales ({@code SUITE_REPLICAS=2}: two gateways, two of
 * cdr-, phonebook- and pbx-integration-service, their databases on one server), the gateways'
 * rate limits in Redis, the config bus on RabbitMQ. A client reaches the gateways as it would
 * through a balancer: one gateway, the other when that one does not answer. Runs on its own,
 * after the default suite ({@code -Preplicas}, .ci/run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final String GATEWAY_1 = "http://127.0.0.1:8665";
    static final String GATEWAY_2 = "http://127.0.0.1:8667";
    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    /** The rate test's key: no other request of this test uses it. */
    static final String LIMITED = "22222222-2222-4222-8222-222222222222";
    static final int RATE = 20;
    static final int BURST = 20;
    static final List<String> SCALED = List.of("API-GATEWAY", "CDR-SERVICE", "PHONEBOOK-SERVICE", "PBX-INTEGRATION-SERVICE");

    static SuiteProcess suite;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteProcess(Map.of(
                "SUITE_REPLICAS", "2", "SUITE_REDIS", "1", "SUITE_BUS", "1", "SUITE_TIMEOUT", "400",
                "GATEWAY_RATE_LIMIT", Integer.toString(RATE), "GATEWAY_RATE_BURST", Integer.toString(BURST),
                // The "nightly" sync fires every minute here; its lock (at least 10 min) lets one run.
                "SYNC_CRON", "0 * * * * *"));
        suite.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void bothInstancesOfEachServiceAreRegisteredAndThePbxHasOneSubscription() throws Exception {
        JsonNode apps = body(Suite.get("http://127.0.0.1:8761/eureka/apps",
                Map.of("Accept", "application/json", "Authorization", Suite.basic("eureka", Suite.EUREKA_PASSWORD))));
        Map<String, Integer> up = new java.util.HashMap<>();
        apps.at("/applications/application").forEach(app -> app.get("instance").forEach(i -> {
            if ("UP".equals(i.get("status").asString())) {
                up.merge(app.get("name").asString(), 1, Integer::sum);
            }
        }));
        SCALED.forEach(app -> assertThat(up.get(app)).as(app).isEqualTo(2));

        // Both pbx-integration instances renew (every 15 s) the one stable URL for each tenant's
        // connection: one subscription a tenant, subscribed again (each instance's renewal) and still one.
        int before = subscribed();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> subscribed() >= before + 2);
        assertThat(subscriptions()).containsExactlyInAnyOrderElementsOf(ONE_A_TENANT);
    }

    /** The PBX's subscriptions, each as its URL and tenant. */
    static List<String> subscriptions() throws Exception {
        return body(Suite.get("http://127.0.0.1:3030/webhooks", Map.of())).valueStream()
                .map(s -> s.get("url").asString() + " " + s.path("tenant").asString(null)).toList();
    }

    /** One subscription of the gateway's route for each of the PBX's tenants. */
    static final List<String> ONE_A_TENANT = List.of("11111111-1111-4111-8111-111111111111",
            "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333").stream()
            .map(t -> Suite.WEBHOOK_ROUTE + " " + t).toList();

    /** How often the PBX's subscriptions were subscribed (each renewal counts). */
    static int subscribed() throws Exception {
        return body(Suite.get("http://127.0.0.1:3030/webhooks", Map.of())).valueStream()
                .mapToInt(s -> s.get("subscribed").asInt()).sum();
    }

    @Test
    @Order(2)
    void oneKeysRateLimitHoldsAcrossBothGateways() throws Exception {
        Map<String, String> key = Suite.tenantKey(LIMITED);
        Map<String, AtomicInteger> accepted = Map.of(GATEWAY_1, new AtomicInteger(), GATEWAY_2, new AtomicInteger());
        AtomicInteger refused = new AtomicInteger();
        List<String> other = new CopyOnWriteArrayList<>();
        // Each gateway's first requests open its Redis connection and load the script: done with
        // another key, so that the measured window is the limiter's and not a cold start's.
        for (int i = 0; i < 5; i++) {
            for (String gateway : List.of(GATEWAY_1, GATEWAY_2)) {
                Suite.get(gateway + "/cdr-service/cdr/get?page=0&size=1", Suite.tenantKey("33333333-3333-4333-8333-333333333333"));
            }
        }
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(10).toNanos();
        var pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            String gateway = t % 2 == 0 ? GATEWAY_1 : GATEWAY_2;
            pool.execute(() -> {
                while (System.nanoTime() < until) {
                    try {
                        int status = Suite.get(gateway + "/cdr-service/cdr/get?page=0&size=1", key).statusCode();
                        if (status == 200) {
                            accepted.get(gateway).incrementAndGet();
                        } else if (status == 429) {
                            refused.incrementAndGet();
                        } else {
                            other.add(gateway + ": " + status);
                        }
                    } catch (Exception e) {
                        other.add(gateway + ": " + e);
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = accepted.values().stream().mapToInt(AtomicInteger::get).sum();
        double limit = BURST + RATE * seconds;
        System.out.printf("Rate limit across two gateways: %d accepted (%s), %d refused in %.1f s; one key's limit %.0f%n",
                total, accepted, refused.get(), seconds, limit);
        assertThat(other).isEmpty();
        // Each gateway let some through and refused some: the limit is one, shared.
        assertThat(accepted.values()).allSatisfy(n -> assertThat(n.get()).isPositive());
        assertThat(refused.get()).isGreaterThan(total);
        assertThat((double) total).isBetween(0.9 * limit, 1.1 * limit);
    }

    @Test
    @Order(3)
    void aKeyIssuedThroughTheRegistryWorksOnBothGatewaysAndARevokedOneIsRefusedOnBothWithin5Seconds() throws Exception {
        Map<String, String> admin = Map.of("X-API-Key", Suite.ADMIN_KEY);
        String tenants = GATEWAY_1 + "/tenant-service/tenants";
        HttpResponse<String> created = Suite.send("POST", tenants, admin, "application/json",
                "{\"name\":\"Replicas " + UUID.randomUUID() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String tenant = Suite.body(created).get("id").asString();
        HttpResponse<String> issued = Suite.send("POST", tenants + "/" + tenant + "/keys", admin, "application/json",
                "{\"name\":\"both-gateways\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        Map<String, String> headers = Map.of("X-API-Key", Suite.body(issued).get("key").asString());
        long at = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(Suite.get(GATEWAY_1 + "/cdr-service/cdr/get?page=0&size=1", headers).statusCode()).isEqualTo(200);
            assertThat(Suite.get(GATEWAY_2 + "/cdr-service/cdr/get?page=0&size=1", headers).statusCode()).isEqualTo(200);
        });
        System.out.printf("A new key worked on both gateways %d ms after it was issued%n", (System.nanoTime() - at) / 1_000_000);
        // Revoked through the other gateway: neither honours it past 5 s.
        assertThat(Suite.send("DELETE", GATEWAY_2 + "/tenant-service/tenants/" + tenant + "/keys/"
                + Suite.body(issued).get("id").asString(), admin, null, null).statusCode()).isEqualTo(204);
        at = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(Suite.get(GATEWAY_1 + "/cdr-service/cdr/get?page=0&size=1", headers).statusCode()).isEqualTo(401);
            assertThat(Suite.get(GATEWAY_2 + "/cdr-service/cdr/get?page=0&size=1", headers).statusCode()).isEqualTo(401);
        });
        System.out.printf("A revoked key was refused on both gateways %d ms after its revocation%n", (System.nanoTime() - at) / 1_000_000);
    }

    @Test
    @Order(4)
    void killingOneInstanceOfEachServiceUnderLoadFailsNoRequestAndLosesNothing() throws Exception {
        Suite.awaitSignedSubscription();
        Map<String, String> key = Suite.tenantKey(TENANT);
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<String> storedCalls = ConcurrentHashMap.newKeySet();
        Set<String> storedContacts = ConcurrentHashMap.newKeySet();
        List<String> played = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(5);

        // Reads, of both routed services with a database.
        load.scheduleWithFixedDelay(() -> call(failures, requests, () -> send("GET",
                "/cdr-service/cdr/get?page=0&size=20", key, null, null, requests.get())), 0, 150, TimeUnit.MILLISECONDS);
        load.scheduleWithFixedDelay(() -> call(failures, requests, () -> send("GET",
                "/phonebook-service/phone_book/records?page=0&size=20", key, null, null, requests.get())), 0, 300, TimeUnit.MILLISECONDS);
        // Batched posts of calls and of contacts: remembered once accepted.
        load.scheduleWithFixedDelay(() -> {
            int n = batches.incrementAndGet();
            List<String> ids = List.of(0, 1, 2, 3, 4).stream().map(i -> "rep-" + run + "-" + n + "-" + i).toList();
            String calls = ids.stream().map(id -> """
                    {"uuid":"%s","direction":"inbound","caller_number":35799100000,"destination_number":"2000",
                     "call_start":"2024-06-01T10:00:00Z","call_end":"2024-06-01T10:01:00Z","duration":60,"action":"HANGUP"}"""
                    .formatted(id)).collect(Collectors.joining(",", "[", "]"));
            if (call(failures, requests, () -> send("POST", "/cdr-service/cdr/post", key, "application/json", calls, n))) {
                storedCalls.addAll(ids);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        load.scheduleWithFixedDelay(() -> {
            int n = batches.incrementAndGet();
            List<String> numbers = List.of("3579" + run + n + "1", "3579" + run + n + "2");
            String contacts = numbers.stream().map(number -> "{\"callerNumber\":\"" + number + "\",\"name\":\"Replica " + number + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            if (call(failures, requests, () -> send("POST", "/phonebook-service/phone_book/records", key, "application/json",
                    contacts, n))) {
                storedContacts.addAll(numbers);
            }
        }, 0, 1_000, TimeUnit.MILLISECONDS);
        // Signed webhooks: the PBX plays a call every 2 s to the subscribed gateway route.
        load.scheduleWithFixedDelay(() -> {
            try {
                played.add(Suite.get(Suite.MOCK_PBX + "/trigger_webhooks?outcome=ANSWERED", Map.of("Tenant-UUID", TENANT))
                        .headers().firstValue("X-Call-UUID").orElseThrow());
            } catch (Exception e) {
                failures.add("trigger_webhooks: " + e);
            }
        }, 0, 2, TimeUnit.SECONDS);

        try {
            // The load runs a while (30 requests) before anything is killed.
            await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= 30);
            // The PBX posts to the first gateway (its one URL; in production a balancer's), so the
            // second is the gateway killed here. One instance of each service at once, as a lost
            // node takes them.
            List<String> killed = List.of("api-gateway-2", "cdr-service", "phonebook-service-2", "pbx-integration-service");
            for (String instance : killed) {
                suite.kill(instance);
            }
            System.out.println("Killed " + killed + " (SIGKILL) under load");
            // Down while the load sends 60 requests (the gateway still routes to the dead
            // instances until it has failed there, and retries each on the other), then back
            // for 20 more.
            int atKill = requests.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> requests.get() >= atKill + 60);
            suite.start();
            int atStart = requests.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= atStart + 20);
        } finally {
            // The periodic tasks stop; those running finish (interrupting them would fail their requests).
            load.shutdown();
            assertThat(load.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        }
        System.out.printf("Under load: %d requests, %d calls and %d contacts accepted, %d calls played%n",
                requests.get(), storedCalls.size(), storedContacts.size(), played.size());

        // No idempotent request failed: the gateway retried each on the other instance.
        assertThat(failures).isEmpty();
        assertThat(storedCalls).hasSizeGreaterThan(100);

        // Every accepted write is there.
        Set<String> cdr = body(Suite.get(GATEWAY_1 + "/cdr-service/cdr/get", key)).valueStream()
                .map(c -> c.get("uuid").asString()).collect(Collectors.toSet());
        assertThat(cdr).containsAll(storedCalls);
        Set<String> contacts = body(Suite.get(GATEWAY_2 + "/phonebook-service/phone_book/records", key)).valueStream()
                .map(c -> c.get("callerNumber").asString().replaceAll("\\D", "")).collect(Collectors.toSet());
        assertThat(contacts).containsAll(storedContacts);

        // Every event of every call played is stored once, in the PBX's final state.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Map<String, String>> pbx = CallStates.atThePbx(TENANT);
            return played.stream().allMatch(u -> "HANGUP".equals(pbx.getOrDefault(u, Map.of()).get("action")));
        });
        Map<String, Map<String, String>> pbx = CallStates.atThePbx(TENANT);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, List<Map<String, String>>> stored = CallStates.stored(TENANT);
            assertThat(played).allSatisfy(uuid -> {
                assertThat(stored.get(uuid)).as("call %s", uuid).isNotNull().hasSize(1);
                assertThat(stored.get(uuid).get(0)).as("call %s", uuid).isEqualTo(pbx.get(uuid));
            });
        });

        // Still one subscription a tenant, after both pbx-integration instances renewed them and one restarted.
        assertThat(subscriptions()).containsExactlyInAnyOrderElementsOf(ONE_A_TENANT);

        // The "nightly" sync fired every minute of the test on two instances, and ran once.
        String logs = Files.readString(suite.log("cdr-service")) + Files.readString(suite.log("cdr-service-2"));
        assertThat(logs.lines().filter(l -> l.contains("Nightly sync")).toList()).hasSize(1);
    }

    /** The jobs' tenant of the rolling restart: its imports count against its own rate limit and share. */
    static final String JOBS_TENANT = "33333333-3333-4333-8333-333333333333";

    /**
     * Issue 41: a rolling update. Under load (reads, the PBX's webhooks, CSV imports as jobs, two
     * live streams, outbound deliveries to the tenant's endpoint), every instance of every scaled
     * service is stopped with SIGTERM and started again: one instance of each service at once,
     * then the other, as a platform rolls all Deployments. Then: no request failed, every job
     * accepted ended once and stored all its rows, every stream came back with Last-Event-ID and
     * missed no event, every event reached the endpoint, none later than 30 s after a stream saw it.
     */
    @Test
    @Order(5)
    void aRollingRestartUnderLoadFailsNoRequestAndLosesNoJobEventOrDelivery() throws Exception {
        Suite.awaitSignedSubscription();
        Map<String, String> key = Suite.tenantKey(TENANT);
        Map<String, String> jobsKey = Suite.tenantKey(JOBS_TENANT);
        com.crmtelephony.testsupport.WebhookReceiver receiver = Suite.receiver();
        String hook = "/rolling-" + System.currentTimeMillis();
        HttpResponse<String> registered = Suite.send("POST", GATEWAY_1 + "/cdr-service/cdr/webhooks", key, "application/json",
                "{\"url\":\"" + receiver.url(hook) + "\",\"events\":[\"ringing\",\"answered\",\"ended\",\"missed\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String endpoint = body(registered).get("id").asString();

        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
        List<ResumingStream> streams = List.of(
                new ResumingStream(key, List.of(GATEWAY_1, GATEWAY_2), failures, firstSeen),
                new ResumingStream(key, List.of(GATEWAY_2, GATEWAY_1), failures, firstSeen));
        Map<String, List<String>> jobs = new ConcurrentHashMap<>(); // id -> its first and last number
        Map<String, Integer> jobRows = new ConcurrentHashMap<>();
        AtomicInteger refusedJobs = new AtomicInteger();
        AtomicInteger jobNumber = new AtomicInteger();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        load.scheduleWithFixedDelay(() -> call(failures, requests, () -> send("GET",
                "/cdr-service/cdr/get?page=0&size=20", key, null, null, requests.get())), 0, 150, TimeUnit.MILLISECONDS);
        load.scheduleWithFixedDelay(() -> call(failures, requests, () -> send("GET",
                "/phonebook-service/phone_book/records?page=0&size=20", key, null, null, requests.get())), 0, 400, TimeUnit.MILLISECONDS);
        load.scheduleWithFixedDelay(() -> {
            try {
                Suite.get(Suite.MOCK_PBX + "/trigger_webhooks?outcome=ANSWERED", Map.of("Tenant-UUID", TENANT));
            } catch (Exception e) {
                failures.add("trigger_webhooks: " + e);
            }
        }, 0, 2, TimeUnit.SECONDS);
        // Imports as jobs: mostly small, every fourth big enough to be running when its instance stops.
        load.scheduleWithFixedDelay(() -> {
            int n = jobNumber.incrementAndGet();
            int rows = n % 4 == 3 ? 3_000 : 200;
            StringBuilder csv = new StringBuilder("name,email,number\n");
            for (int row = 0; row < rows; row++) {
                csv.append("Rolling ").append(n).append('-').append(row).append(",,").append(rollingNumber(n, row)).append('\n');
            }
            requests.incrementAndGet();
            try {
                HttpResponse<String> answer = send("POST", "/phonebook-service/phone_book/records/import",
                        with(jobsKey, "Prefer", "respond-async"), "text/csv", csv.toString(), n);
                if (answer.statusCode() == 202) {
                    String id = body(answer).get("id").asString();
                    jobs.put(id, List.of(rollingNumber(n, 0), rollingNumber(n, rows - 1)));
                    jobRows.put(id, rows);
                } else if (answer.statusCode() == 429 || answer.statusCode() == 503) {
                    refusedJobs.incrementAndGet(); // the tenant's share or the queue: asked again later, nothing taken
                } else {
                    failures.add("import -> " + answer.statusCode() + " " + answer.body());
                }
            } catch (Exception e) {
                failures.add("import: " + e);
            }
        }, 0, 4, TimeUnit.SECONDS);

        Map<String, SuiteProcess.Stopped> stopped = new java.util.LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= 30
                    && streams.stream().allMatch(stream -> stream.last() != null));
            List<List<String>> batches = List.of(
                    List.of("cdr-service", "phonebook-service", "pbx-integration-service", "api-gateway-2"),
                    List.of("cdr-service-2", "phonebook-service-2", "pbx-integration-service-2", "api-gateway"));
            var stopping = Executors.newFixedThreadPool(4);
            for (List<String> batch : batches) {
                Map<String, java.util.concurrent.Future<SuiteProcess.Stopped>> took = new java.util.LinkedHashMap<>();
                batch.forEach(instance -> took.put(instance, stopping.submit(() -> suite.terminate(instance))));
                for (var entry : took.entrySet()) {
                    stopped.put(entry.getKey(), entry.getValue().get(120, TimeUnit.SECONDS));
                }
                System.out.println("Stopped " + batch + " (SIGTERM) under load");
                suite.start();
                int atStart = requests.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= atStart + 20);
            }
            stopping.shutdown();
        } finally {
            load.shutdown();
            assertThat(load.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        }
        System.out.println("SIGTERM to exit: " + stopped);

        // Every job accepted ended once, succeeded, with all its rows stored. Read at the key's
        // rate: a 429 ends the round, the next one goes on.
        Map<String, JsonNode> ended = new ConcurrentHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            for (String id : jobs.keySet()) {
                if (ended.containsKey(id)) {
                    continue;
                }
                HttpResponse<String> job = Suite.get(GATEWAY_1 + "/phonebook-service/phone_book/jobs/" + id, jobsKey);
                if (job.statusCode() != 200 || !Set.of("succeeded", "failed").contains(body(job).get("state").asString())) {
                    return false;
                }
                ended.put(id, body(job));
            }
            return true;
        });
        ended.forEach((id, job) -> {
            assertThat(job.get("state").asString()).as("job %s: %s", id, job).isEqualTo("succeeded");
            assertThat(job.at("/result/rows").asInt()).as("job %s", id).isEqualTo(jobRows.get(id));
            assertThat(job.at("/result/rejected").asInt()).as("job %s", id).isZero();
        });
        List<String> numbers = jobs.values().stream().flatMap(List::stream).toList();
        HttpResponse<String> found = Suite.send("POST", GATEWAY_1 + "/phonebook-service/phone_book/records/lookup", jobsKey,
                "application/json", numbers.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",", "[", "]")));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(body(found).size()).as("each job's first and last row stored").isEqualTo(numbers.size());

        // Every stream came back after each end, with its Last-Event-ID, and missed no event.
        long newest = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Long a = streams.get(0).last();
            Long b = streams.get(1).last();
            return a != null && a.equals(b) ? a : null;
        }, java.util.Objects::nonNull);
        long oldest = streams.stream().mapToLong(stream -> stream.ids.get(0)).min().orElseThrow();
        Map<Long, String> kept = replay(key, oldest - 1, newest);
        for (ResumingStream stream : streams) {
            long first = stream.ids.get(0);
            assertThat(stream.ids.stream().filter(id -> id <= newest).toList())
                    .as("a stream's events: each once, in order, none missing")
                    .containsExactlyElementsOf(kept.keySet().stream().filter(id -> id >= first).toList());
            assertThat(stream.connections.get()).as("opened again after its instance stopped").isGreaterThan(1);
        }
        assertThat(streams.stream().mapToInt(stream -> stream.retries.get()).sum())
                .as("streams ended by a stopping instance, with a retry: hint").isPositive();

        // Every event reached the tenant's endpoint, none later than 30 s after a stream saw it.
        Set<Long> expected = kept.entrySet().stream()
                .filter(e -> Set.of("ringing", "answered", "ended", "missed").contains(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                delivered(receiver.at(hook)).keySet().containsAll(expected));
        Map<Long, java.time.Instant> delivered = delivered(receiver.at(hook));
        long latest = expected.stream().mapToLong(id -> delivered.get(id).toEpochMilli() - firstSeen.get(id)).max().orElse(0);
        String logs = String.join("", List.of(Files.readString(suite.log("phonebook-service")),
                Files.readString(suite.log("phonebook-service-2")), Files.readString(suite.log("cdr-service")),
                Files.readString(suite.log("cdr-service-2"))));
        System.out.printf("Rolling restart: %d requests, %d jobs accepted (%d refused by share or queue, %d handed back on"
                        + " shutdown), streams opened %s times (%d retry hints), %d events delivered, the latest %d ms after a"
                        + " stream saw it%n", requests.get(), jobs.size(), refusedJobs.get(),
                logs.lines().filter(l -> l.contains("Handed") && l.contains("running jobs back")).count(),
                streams.stream().map(stream -> stream.connections.get()).toList(),
                streams.stream().mapToInt(stream -> stream.retries.get()).sum(), expected.size(), latest);
        for (ResumingStream stream : streams) {
            stream.close();
        }
        Suite.send("DELETE", GATEWAY_1 + "/cdr-service/cdr/webhooks/" + endpoint, key, null, null);

        assertThat(failures).isEmpty();
        assertThat(jobs).hasSizeGreaterThan(20);
        assertThat(latest).isLessThan(30_000);
        assertThat(logs).as("each instance told the registry first").contains("out of service in the registry");
        // Within the pods' terminationGracePeriodSeconds (45 s), with the preStop's 10 s before it;
        // a local JVM that also writes its class archive at exit takes longer, which no pod does.
        assertThat(stopped.values()).filteredOn(s -> !s.archiving())
                .allSatisfy(s -> assertThat(s.took()).isLessThan(Duration.ofSeconds(35)));
    }

    /** A job's n-th row's number: a Cypriot mobile, unique to the run's job and row. */
    static String rollingNumber(int job, int row) {
        return "35799" + String.format("%02d%04d", job % 100, row);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    /** Each delivered event's id, and when it first arrived. */
    private static Map<Long, java.time.Instant> delivered(List<com.crmtelephony.testsupport.WebhookReceiver.Received> received) {
        Map<Long, java.time.Instant> first = new java.util.HashMap<>();
        for (var r : received) {
            first.putIfAbsent(Suite.json.readTree(r.body()).at("/data/id").asLong(), r.at());
        }
        return first;
    }

    /** The tenant's kept events after {@code after} up to {@code until}, as a stream replays them: id to state. */
    private static Map<Long, String> replay(Map<String, String> key, long after, long until) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(GATEWAY_1 + "/cdr-service/cdr/events"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(after));
        key.forEach(request::header);
        HttpResponse<java.util.stream.Stream<String>> response = Suite.http.send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<Long, String> events = new java.util.LinkedHashMap<>();
        // An event that never comes ends the read after 30 s: the comparison then names it.
        java.util.concurrent.CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS).execute(response.body()::close);
        try (java.util.stream.Stream<String> lines = response.body()) {
            Long id = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("data:") && id != null) {
                    events.put(id, Suite.json.readTree(line.substring(5).strip()).get("state").asString());
                    if (id >= until) {
                        break;
                    }
                }
            }
        } catch (java.io.UncheckedIOException cut) {
            // closed after 30 s
        }
        return events;
    }

    /**
     * A request as a client behind a balancer sends it: to a ready gateway, alternating, and to
     * the other if that one does not answer.
     */
    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, String type,
                                             String body, int n) throws Exception {
        List<String> gateways = n % 2 == 0 ? Balancer.order(GATEWAY_1, GATEWAY_2) : Balancer.order(GATEWAY_2, GATEWAY_1);
        try {
            return Suite.send(method, gateways.get(0) + path, headers, type, body);
        } catch (IOException unanswered) {
            return Suite.send(method, gateways.get(1) + path, headers, type, body);
        }
    }

    /** @return whether it was accepted; a failure is recorded with what was asked and answered */
    private static boolean call(List<String> failures, AtomicInteger requests, Callable request) {
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = request.call();
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            failures.add(response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        } catch (Exception e) {
            failures.add(e.toString());
        }
        return false;
    }

    @FunctionalInterface
    private interface Callable {
        HttpResponse<String> call() throws Exception;
    }
}
