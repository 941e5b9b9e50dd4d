package com.crmtelephony.gateway.security;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * The buckets in this gateway's memory: enough for one instance, and what several fall back to
 * while their shared Redis does not answer ({@link RedisRateLimiter}).
 */
final class LocalRateLimiter implements RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(10, TimeUnit.MINUTES).maximumSize(100_000).build();

    LocalRateLimiter(GatewaySecurityProperties.RateLimit limit) {
        this.perSecond = limit.requestsPerSecond();
        this.burst = limit.burst();
    }

    @Override
    public Mono<Long> acquire(String name) {
        return Mono.just(take(name));
    }

    @Override
    public Mono<Long> acquire(String name, GatewaySecurityProperties.RateLimit limit) {
        return Mono.just(take(name, limit.requestsPerSecond(), limit.burst()));
    }

    long take(String name) {
        return take(name, perSecond, burst);
    }

    long take(String name, double perSecond, int burst) {
        return buckets.get(name, k -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long updated = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized long take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }
}
