package com.crmtelephony.gateway;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With REDIS_URL set the gateway's buckets are Redis's: a bucket that another gateway emptied is
 * empty here too, and this gateway's requests are counted where the others see them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.rate-limit.requests-per-second=0.2",
        "crm.gateway.rate-limit.burst=3"})
class SharedRateLimitTests extends GatewayTest {

    static final RedisServerProcess redis = start();

    private static RedisServerProcess start() {
        try {
            return new RedisServerProcess();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) {
        registry.add("crm.gateway.shared-limits.redis-url", redis::url);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Autowired
    LettuceConnectionFactory rateLimitRedis;

    @Test
    void aBucketAnotherGatewayEmptiedIsEmptyHere() {
        StringRedisTemplate shared = new StringRedisTemplate(rateLimitRedis);
        // As another gateway leaves tenant-3's key after its burst: no token, counted just now.
        Long now = shared.execute((org.springframework.data.redis.core.RedisCallback<Long>) c -> c.serverCommands().time());
        shared.opsForHash().putAll("crm:rate-limit:key:" + registry.byName("demo-tenant-3").id(),
                Map.of("tokens", "0", "at", Double.toString(now / 1000.0)));
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant3-key").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5");
        assertThat(downstream.received).isEmpty();

        // tenant-2's requests here are counted in Redis, where every other gateway reads them.
        for (int i = 0; i < 3; i++) {
            client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant2-key").exchange()
                    .expectStatus().isOk();
        }
        assertThat(Double.parseDouble((String) shared.opsForHash().get("crm:rate-limit:key:" + registry.byName("demo-tenant-2").id(), "tokens")))
                .isLessThan(1.0);
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant2-key").exchange()
                .expectStatus().isEqualTo(429);
        assertThat(shared.getExpire("crm:rate-limit:key:" + registry.byName("demo-tenant-2").id())).isPositive();
        assertThat(Duration.ofSeconds(shared.getExpire("crm:rate-limit:key:" + registry.byName("demo-tenant-2").id()))).isLessThan(Duration.ofSeconds(17));
    }
}
