package com.crmtelephony.support.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The {@code db} health of a service with a database is {@link DatabaseHealth} instead of Boot's. */
@AutoConfiguration(
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator", "javax.sql.DataSource"})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "management.health.db.enabled", matchIfMissing = true)
public class DatabaseHealthAutoConfiguration {

    /** Named as Boot's is, which then stands back. */
    @Bean(name = "dbHealthContributor")
    DatabaseHealth dbHealthContributor(DataSource dataSource,
                                       @Value("${crm.health.db.interval:3s}") Duration interval) {
        return new DatabaseHealth(dataSource, interval);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Meters {

        /** 1 while the database answers the health check, else 0: the alert rules' "database down". */
        @Bean
        MeterBinder databaseUp(DatabaseHealth health) {
            return registry -> Gauge.builder("crm.database.up", health, h -> h.up() ? 1 : 0)
                    .description("1 while the service's database answers its health check, else 0").register(registry);
        }
    }
}
