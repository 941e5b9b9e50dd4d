package com.crmtelephony.cdr.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cron      the nightly sync of all tenants (compat default: 20:00 every day)
 * @param zone      time zone of {@code cron}
 * @param pageSize  calls per pull from the PBX (each page is stored in one transaction)
 */
@ConfigurationProperties("crm.sync")
public record SyncProperties(
        @DefaultValue("0 0 20 * * *") String cron,
        @DefaultValue("UTC") String zone,
        @DefaultValue("1000") int pageSize) {
}
