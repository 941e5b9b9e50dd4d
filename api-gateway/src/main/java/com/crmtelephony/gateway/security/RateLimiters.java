package com.crmtelephony.gateway.security;

import java.util.function.BiFunction;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.crmtelephony.gateway.security.GatewaySecurityProperties.RateLimit;

/**
 * The gateway's three limits: per API key, per source address for requests without a valid key,
 * per source address for webhooks. In Redis when {@code REDIS_URL} is set (several gateways),
 * else in memory (the local run).
 */
record RateLimiters(RateLimiter perKey, RateLimiter authFailures, RateLimiter webhooks) {

    @Configuration(proxyBeanMethods = false)
    static class Setup {

        private static final Logger log = LoggerFactory.getLogger(RateLimiters.class);

        @Bean
        @ConditionalOnExpression("!'${crm.gateway.shared-limits.redis-url:}'.isBlank()")
        LettuceConnectionFactory rateLimitRedis(SharedLimitsProperties shared) {
            // A Redis that is gone fails a command at once instead of queueing it until it is back.
            ClientOptions options = ClientOptions.builder()
                    .socketOptions(SocketOptions.builder().connectTimeout(shared.timeout()).build())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build();
            LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                    .commandTimeout(shared.timeout()).clientOptions(options).build();
            return new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(shared.redisUrl()), client);
        }

        @Bean
        RateLimiters rateLimiters(GatewaySecurityProperties limits, SharedLimitsProperties shared,
                                  ObjectProvider<LettuceConnectionFactory> redis, MeterRegistry meters) {
            LettuceConnectionFactory factory = redis.getIfAvailable();
            BiFunction<String, RateLimit, RateLimiter> limiter;
            if (factory == null) {
                log.info("Rate limits counted in this gateway's memory (no REDIS_URL): one instance only");
                limiter = (name, limit) -> new LocalRateLimiter(limit);
            } else {
                log.info("Rate limits shared in Redis at {}:{}", factory.getHostName(), factory.getPort());
                ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(factory);
                limiter = (name, limit) -> new RedisRateLimiter(template, name, limit, shared.timeout(), meters);
            }
            return new RateLimiters(limiter.apply("key", limits.rateLimit()),
                    limiter.apply("auth-failure", limits.authFailureLimit()),
                    limiter.apply("webhook", limits.webhookRateLimit()));
        }
    }
}
