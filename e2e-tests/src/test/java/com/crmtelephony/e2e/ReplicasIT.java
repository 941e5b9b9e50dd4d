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
