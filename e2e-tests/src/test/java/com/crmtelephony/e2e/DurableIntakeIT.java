package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.MOCK_PBX;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook intake that loses nothing: while mock-pbx plays 50 calls as signed webhooks,
 * cdr-service is killed (SIGKILL) for 60 s, then its database stops answering for 30 s, then
 * pbx-integration-service is killed for 20 s; each comes back with {@code scripts/suite.sh start}.
 * Within two minutes after, without anyone asking for a sync, every call is stored once, in the
 * state the PBX has for it: the inbox kept what cdr-service could not take, and the
 * reconciliation pulled what the PBX gave up delivering while pbx-integration-service was down.
 */
class DurableIntakeIT {

    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    static final int CALLS = 50;

    @Test
    void everyCallPlayedThroughThreeOutagesIsStoredOnceInItsFinalState() throws Exception {
        SuiteProcess suite = Suite.get();
        Suite.awaitSignedSubscription();
        List<String> played = new CopyOnWriteArrayList<>();
        ScheduledExecutorService player = Executors.newSingleThreadScheduledExecutor();
        // One call every 3 s: calls start and end in each outage and between them.
        player.scheduleAtFixedRate(() -> {
            if (played.size() < CALLS) {
                try {
                    played.add(get(MOCK_PBX + "/trigger_webhooks?outcome=ANSWERED", Map.of("Tenant-UUID", TENANT))
                            .headers().firstValue("X-Call-UUID").orElseThrow());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, 0, 3, TimeUnit.SECONDS);
        try {
            Thread.sleep(5_000);
            double droppedBefore = droppedByThePbx();
            suite.kill("cdr-service");
            Thread.sleep(30_000);
            // The webhooks go on being taken: the inbox holds them for cdr-service.
            assertThat(inboxBacklog()).isPositive();
            Thread.sleep(30_000);
            // Back with a reconciliation every 20 s (the suite's is an hour, config-repo's 3 min).
            suite.start(Map.of("SYNC_RECONCILE_INTERVAL", "20s"));

            suite.signalDatabase("cdr-service", "STOP");
            try {
                Thread.sleep(2_000);
                // Health answers at once: not ready (no traffic for it), alive (no restart would help).
                long t = System.nanoTime();
                HttpResponse<String> readiness = get("http://127.0.0.1:8901/actuator/health/readiness", Map.of());
                assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(get("http://127.0.0.1:8901/actuator/health/liveness", Map.of()).statusCode()).isEqualTo(200);
                // A caller waits at most the pool's 2.5 s and gets a problem it can retry on.
                t = System.nanoTime();
                HttpResponse<String> refused = get(GATEWAY + "/cdr-service/cdr/get?page=0&size=5", Suite.tenantKey(TENANT));
                assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                Thread.sleep(28_000 - Duration.ofNanos(System.nanoTime() - t).toMillis());
            } finally {
                suite.signalDatabase("cdr-service", "CONT");
            }
            // Through both of cdr-service's outages the PBX gave up on no webhook (it retries for
            // about 15 s, then drops): every one was taken and kept, none needs the reconciliation.
            assertThat(droppedByThePbx()).isEqualTo(droppedBefore);

            suite.kill("pbx-integration-service");
            Thread.sleep(20_000);
            suite.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> played.size() == CALLS);
        } finally {
            player.shutdownNow();
        }
        // Every call played to its end at the PBX ...
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Map<String, String>> pbx = CallStates.atThePbx(TENANT);
            return played.stream().allMatch(u -> "HANGUP".equals(pbx.getOrDefault(u, Map.of()).get("action")));
        });
        Map<String, Map<String, String>> pbx = CallStates.atThePbx(TENANT);
        // ... is in cdr-service, once, as the PBX has it: no one asked for a sync.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, List<Map<String, String>>> cdr = CallStates.stored(TENANT);
            assertThat(played).allSatisfy(uuid -> {
                assertThat(cdr.get(uuid)).as("call %s", uuid).isNotNull().hasSize(1);
                assertThat(cdr.get(uuid).get(0)).as("call %s", uuid).isEqualTo(pbx.get(uuid));
            });
        });

        // The suite as the other tests know it: cdr-service with the suite's reconciliation again.
        suite.kill("cdr-service");
        suite.start();
    }

    /** How many webhooks mock-pbx gave up delivering, from its metrics. */
    static double droppedByThePbx() throws Exception {
        return get(MOCK_PBX + "/actuator/prometheus", Suite.management()).body().lines()
                .filter(l -> l.startsWith("mockpbx_webhooks_total{") && l.contains("outcome=\"dropped\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The events pbx-integration-service holds for cdr-service, from its health details. */
    static long inboxBacklog() throws Exception {
        return body(get("http://127.0.0.1:9901/actuator/health", Suite.management()))
                .at("/components/inbox/details/backlog").asLong();
    }
}
