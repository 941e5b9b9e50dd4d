package com.crmtelephony.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway checks keys against the tenant registry (tenant-service).
 *
 * @param url        the registry: {@code lb://tenant-service} through Eureka, or an http(s) URL
 * @param timeout    one lookup's wait for the registry's answer
 * @param freshFor   how long a key's check is believed without asking again: a new key, a
 *                   revocation, a suspension or a share takes effect within this long
 * @param staleFor   while the registry cannot be asked, a key it honoured is still honoured this
 *                   long after its last check; past that, and for a key never checked, 503
 * @param maxLookups lookups in flight at once on this gateway; past it a key not in the cache
 *                   gets 503 at once (a flood of made-up keys costs the registry at most this)
 * @param cacheSize  keys' checks kept (honoured and refused ones)
 */
@ConfigurationProperties("crm.gateway.registry")
public record RegistryProperties(
        @DefaultValue("lb://tenant-service") String url,
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("5s") Duration freshFor,
        @DefaultValue("10m") Duration staleFor,
        @DefaultValue("64") int maxLookups,
        @DefaultValue("100000") int cacheSize) {
}
