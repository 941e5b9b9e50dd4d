package com.crmtelephony.pbx.connection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param refresh    how often the connections are read from the registry: a connection made,
 *                   changed or removed, or a tenant suspended, takes effect within this
 * @param report     how often what was seen of each PBX (pulls, webhooks, subscriptions, errors) is reported to it
 * @param pbxTimeout how long a request to a tenant's PBX may take (the time limit of resilience4j covers retries)
 */
@ConfigurationProperties("crm.pbx.registry")
public record RegistryProperties(
        @DefaultValue("5s") Duration refresh,
        @DefaultValue("5s") Duration report,
        @DefaultValue("10s") Duration pbxTimeout) {
}
