package com.crmtelephony.support.retention;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import net.javacrumbs.shedlock.core.LockProvider;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention in a service that says what expires ({@link TenantRetention.Rules}); it maps
 * {@link RetentionEndpoints} under its own path.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "com.crmtelephony.support.jobs.SchedulerLocksAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.jdbc.core.JdbcTemplate",
        "net.javacrumbs.shedlock.spring.annotation.SchedulerLock"})
@ConditionalOnBean({JdbcTemplate.class, TenantRetention.Rules.class})
public class RetentionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TenantRetention tenantRetention(JdbcTemplate jdbc, TenantRetention.Rules rules,
                                    @Value("${crm.retention.batch:1000}") int batch, LockProvider locks) {
        return new TenantRetention(jdbc, new ExpiredRows(jdbc, batch), rules, locks);
    }
}
