package com.crmtelephony.support.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service reads tenants' profiles from the registry (config-repo application.yml,
 * {@code crm.registry.profiles}).
 *
 * @param enabled    whether this service reads them (one that keys numbers or holds shares)
 * @param freshFor   a profile read is used this long as it is; then it is read again in the
 *                   background while the one read last is still used (a change takes effect within it)
 * @param retryAfter after the registry failed for a tenant, how long before it is asked again
 */
@ConfigurationProperties("crm.registry.profiles")
public record RegistryProfilesProperties(@DefaultValue("false") boolean enabled,
                                         @DefaultValue("30s") Duration freshFor,
                                         @DefaultValue("5s") Duration retryAfter) {
}
