package com.crmtelephony.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The buckets in Redis, shared by every gateway instance: N gateways allow one key's limit, not N
 * times it. One script per request takes the token atomically on Redis's clock. While Redis does
 * not answer, each gateway counts in its own memory: limits hold per instance, and requests are
 * neither refused wholesale nor let through unlimited.
 */
final class RedisRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final RedisScript<Long> TOKEN_BUCKET =
            RedisScript.of(new ClassPathResource("ratelimit/token-bucket.lua"), Long.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final List<String> args;
    private final Duration timeout;
    private final LocalRateLimiter fallback;
    private final Counter fallbacks;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    RedisRateLimiter(ReactiveStringRedisTemplate redis, String limit, GatewaySecurityProperties.RateLimit config,
                     Duration timeout, MeterRegistry meters) {
        this.redis = redis;
        this.prefix = "crm:rate-limit:" + limit + ":";
        this.args = List.of(Double.toString(config.requestsPerSecond()), Integer.toString(config.burst()));
        this.timeout = timeout;
        this.fallback = new LocalRateLimiter(config);
        this.fallbacks = Counter.builder("gateway.ratelimit.fallback")
                .description("Requests counted in this gateway's memory because Redis did not answer")
                .tag("limit", limit).register(meters);
    }

    @Override
    public Mono<Long> acquire(String name) {
        return redis.execute(TOKEN_BUCKET, List.of(prefix + name), args).next()
                .timeout(timeout)
                .onErrorResume(e -> Mono.fromSupplier(() -> local(name, e, () -> fallback.take(name))));
    }

    @Override
    public Mono<Long> acquire(String name, GatewaySecurityProperties.RateLimit limit) {
        return redis.execute(TOKEN_BUCKET, List.of(prefix + name),
                        List.of(Double.toString(limit.requestsPerSecond()), Integer.toString(limit.burst()))).next()
                .timeout(timeout)
                .onErrorResume(e -> Mono.fromSupplier(() -> local(name, e,
                        () -> fallback.take(name, limit.requestsPerSecond(), limit.burst()))));
    }

    private long local(String name, Throwable cause, java.util.function.LongSupplier take) {
        fallbacks.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis does not answer ({}): rate limits are counted per gateway instance until it does",
                    cause.toString());
        }
        return take.getAsLong();
    }
}
