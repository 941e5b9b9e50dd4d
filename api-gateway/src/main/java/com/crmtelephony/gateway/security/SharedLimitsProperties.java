package com.crmtelephony.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rate limits' buckets live when several gateways serve the same keys.
 *
 * @param redisUrl a Redis ({@code redis://[:password@]host:port}, {@code rediss://} for TLS), from
 *                 {@code REDIS_URL}; empty: each gateway counts in its own memory (one instance)
 * @param timeout  how long a request waits for Redis's answer; longer, or Redis down: this gateway
 *                 counts in its own memory until Redis answers again
 */
@ConfigurationProperties("crm.gateway.shared-limits")
public record SharedLimitsProperties(String redisUrl, @DefaultValue("500ms") Duration timeout) {
}
