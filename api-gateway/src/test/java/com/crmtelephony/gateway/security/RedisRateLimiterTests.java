package com.crmtelephony.gateway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.crmtelephony.gateway.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways' limiters on one real Redis share each name's bucket; with Redis gone each counts
 * in its own memory, neither refusing everything nor letting everything through.
 */
class RedisRateLimiterTests {

    private static RedisServerProcess redis;
    private static final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServerProcess();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        factories.forEach(LettuceConnectionFactory::destroy);
        redis.close();
    }

    /** One gateway's limiter, with its own connection, as a second instance would have. */
    private RedisRateLimiter gateway(String limit, double perSecond, int burst) {
        RateLimiters.Setup setup = new RateLimiters.Setup();
        LettuceConnectionFactory factory = setup.rateLimitRedis(new SharedLimitsProperties(redis.url(), Duration.ofMillis(300)));
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return new RedisRateLimiter(new ReactiveStringRedisTemplate(factory), limit,
                new GatewaySecurityProperties.RateLimit(perSecond, burst), Duration.ofMillis(300), meters);
    }

    @Test
    void twoGatewaysShareOneBurst() {
        RedisRateLimiter first = gateway("shared", 0.1, 6);
        RedisRateLimiter second = gateway("shared", 0.1, 6);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (first.acquire("tenant-1").block() == 0) {
                accepted++;
            }
            if (second.acquire("tenant-1").block() == 0) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(6);
        // 0.1 tokens a second: the next one in 10 s at most, said as whole seconds.
        assertThat(second.acquire("tenant-1").block()).isBetween(1L, 10L);
        // Another name has a bucket of its own.
        assertThat(first.acquire("tenant-2").block()).isZero();
        assertThat(meters.counter("gateway.ratelimit.fallback", "limit", "shared").count()).isZero();
    }

    @Test
    void theBucketRefillsAtTheRate() throws Exception {
        RedisRateLimiter limiter = gateway("refill", 20, 2);
        assertThat(limiter.acquire("k").block()).isZero();
        assertThat(limiter.acquire("k").block()).isZero();
        assertThat(limiter.acquire("k").block()).isEqualTo(1L);
        Thread.sleep(150); // 3 tokens' worth at 20/s, capped at the burst of 2
        assertThat(limiter.acquire("k").block()).isZero();
        assertThat(limiter.acquire("k").block()).isZero();
        assertThat(limiter.acquire("k").block()).isEqualTo(1L);
    }

    @Test
    void withRedisGoneEachGatewayCountsInItsOwnMemory() throws Exception {
        RedisRateLimiter limiter = gateway("outage", 0.1, 3);
        assertThat(limiter.acquire("warm").block()).isZero();
        redis.kill();
        try {
            long started = System.nanoTime();
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waits.add(limiter.acquire("tenant-1").block());
            }
            assertThat(waits).containsExactly(0L, 0L, 0L, 10L, 10L);
            // Answered within the timeout, not after Lettuce's default minute.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(meters.counter("gateway.ratelimit.fallback", "limit", "outage").count()).isEqualTo(5);
        } finally {
            redis.start();
        }
        // Redis back: shared again (the reconnect is Lettuce's, within a few seconds).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            double before = meters.counter("gateway.ratelimit.fallback", "limit", "outage").count();
            limiter.acquire("after").block();
            return meters.counter("gateway.ratelimit.fallback", "limit", "outage").count() == before;
        });
    }
}
