package com.crmtelephony.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.MOCK_PBX;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook intake that loses nothing: while mock-pbx plays a call every 2 s as signed webhooks,
 * cdr-service is killed (SIGKILL), then its database stops answering, then
 * pbx-integration-service is killed; each comes back with {@code scripts/suite.sh start}. Each
 * outage lasts until what it is about has happened (webhooks held for cdr-service; the PBX giving
 * up on a webhook), not a fixed time. Within two minutes after, without anyone asking for a sync,
 * every call is stored once, in the state the PBX has for it: the inbox kept what cdr-service
 * could not take, and the reconciliation pulled what the PBX gave up delivering while
 * pbx-integration-service was down.
 */
class DurableIntakeIT {

    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    /** At most, should an outage's condition take long: the player stops when the last service is back. */
    static final int CALLS = 80;

    @Test
    void everyCallPlayedThroughThreeOutagesIsStoredOnceInItsFinalState() throws Exception {
        SuiteProcess suite = Suite.get();
        Suite.awaitSignedSubscription();
        List<String> played = new CopyOnWriteArrayList<>();
        AtomicBoolean playing = new AtomicBoolean(true);
        ScheduledExecutorService player = Executors.newSingleThreadScheduledExecutor();
        // One call every 2 s: calls start and end in each outage and between them.
        List<String> playFailures = new CopyOnWriteArrayList<>();
        player.scheduleAtFixedRate(() -> {
            if (playing.get() && played.size() < CALLS) {
                // Never thrown: a periodic task that throws is never run again, and the calls would stop.
                try {
                    played.add(get(MOCK_PBX + "/trigger_webhooks?outcome=ANSWERED", Map.of("Tenant-UUID", TENANT))
                            .headers().firstValue("X-Call-UUID").orElseThrow());
                } catch (Exception e) {
                    playFailures.add(e.toString());
                }
            }
        }, 0, 2, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> played.size() >= 3);
            double droppedBefore = droppedByThePbx();
            suite.kill("cdr-service");
            // The webhooks go on being taken: the inbox holds them for cdr-service, calls begun before and during.
            int atKill = played.size();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> played.size() >= atKill + 4 && inboxBacklog() > 0);
            // Back with a reconciliation every 20 s (the suite's is an hour, config-repo's 3 min).
            suite.start(Map.of("SYNC_RECONCILE_INTERVAL", "20s"));

            suite.signalDatabase("cdr-service", "STOP");
            try {
                // Health answers at once: not ready (no traffic for it), alive (no restart would help).
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get("http://127.0.0.1:8901/actuator/health/readiness", Map.of()).statusCode() == 503);
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
                // Webhooks arrive while the database does not answer: the inbox holds them too.
                int atStop = played.size();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> played.size() >= atStop + 4 && inboxBacklog() > 0);
            } finally {
                suite.signalDatabase("cdr-service", "CONT");
            }
            // Through both of cdr-service's outages the PBX gave up on no webhook: every one was
            // taken and kept, none needs the reconciliation.
            assertThat(droppedByThePbx()).isEqualTo(droppedBefore);

            suite.kill("pbx-integration-service");
            // Down until the PBX gives up on a webhook (it retries for about 15 s, then drops): the
            // reconciliation has something to pull.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> droppedByThePbx() > droppedBefore);
            suite.start();
            playing.set(false);
        } finally {
            player.shutdown();
            assertThat(player.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        System.out.printf("DurableIntakeIT: %d calls played through the three outages%n", played.size());
        // The PBX itself never went down: each call asked of it was played.
        assertThat(playFailures).isEmpty();
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
