package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two gateways of the replicas run as a platform's balancer sees them (a Service, an
 * Ingress): it sends a request to a gateway whose readiness probe (its management port) says UP,
 * so a gateway that is starting, or stopping, gets none while the other is ready. Each gateway's
 * readiness is asked at most every 300 ms.
 */
final class Balancer {

    private static final Map<String, String> PROBES = Map.of(
            ReplicasIT.GATEWAY_1, "http://127.0.0.1:8666/actuator/health/readiness",
            ReplicasIT.GATEWAY_2, "http://127.0.0.1:8668/actuator/health/readiness");
    private static final Map<String, long[]> SEEN = new ConcurrentHashMap<>();

    private Balancer() {
    }

    /** {@code preferred} then {@code other}, unless only the other is ready. */
    static List<String> order(String preferred, String other) {
        return !ready(preferred) && ready(other) ? List.of(other, preferred) : List.of(preferred, other);
    }

    static boolean ready(String gateway) {
        long now = System.nanoTime();
        long[] seen = SEEN.get(gateway);
        if (seen != null && now - seen[0] < Duration.ofMillis(300).toNanos()) {
            return seen[1] == 1;
        }
        boolean up;
        try {
            HttpResponse<String> answer = Suite.http.send(HttpRequest.newBuilder(URI.create(PROBES.get(gateway)))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            up = answer.statusCode() == 200;
        } catch (Exception e) {
            up = false;
        }
        SEEN.put(gateway, new long[] {now, up ? 1 : 0});
        return up;
    }
}
