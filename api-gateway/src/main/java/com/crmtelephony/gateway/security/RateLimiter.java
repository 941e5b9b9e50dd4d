package com.crmtelephony.gateway.security;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A token bucket per name (an API key's, a source address), in this gateway's memory: enough for
 * one gateway instance. (Several instances would share buckets in Redis through Gateway's
 * RequestRateLimiter instead.)
 */
class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(10, TimeUnit.MINUTES).maximumSize(100_000).build();

    RateLimiter(GatewaySecurityProperties.RateLimit limit) {
        this.perSecond = limit.requestsPerSecond();
        this.burst = limit.burst();
    }

    /** @return 0 when the request may go ahead, else the seconds until the key has a token again */
    long acquire(String key) {
        return buckets.get(key, k -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
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
