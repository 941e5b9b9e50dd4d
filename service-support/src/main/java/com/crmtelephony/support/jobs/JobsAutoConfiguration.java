package com.crmtelephony.support.jobs;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import com.crmtelephony.support.shares.TenantShares;

/** {@link Jobs} in every service with a database (whose Flyway run creates the job table). */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "com.crmtelephony.support.shares.SharesAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
@ConditionalOnBean({JdbcTemplate.class, JsonMapper.class})
@EnableConfigurationProperties(JobsProperties.class)
public class JobsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Jobs jobs(JdbcTemplate jdbc, JsonMapper json, JobsProperties properties, TenantShares shares,
              ObjectProvider<JobWork> work) {
        return new Jobs(jdbc, json, properties, shares, work.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Meters {

        /** This instance's jobs against its queue and threads: the alert rules' "jobs near their cap". */
        @Bean
        MeterBinder jobsMeters(Jobs jobs, JobsProperties properties) {
            return registry -> {
                Gauge.builder("crm.jobs.waiting", jobs, Jobs::waiting)
                        .description("Jobs of the service waiting for a thread of any instance").register(registry);
                Gauge.builder("crm.jobs.queue.capacity", properties, JobsProperties::queue)
                        .description("Jobs that may wait in the service (crm.jobs.queue); one more is refused")
                        .register(registry);
                Gauge.builder("crm.jobs.running", jobs, Jobs::running)
                        .description("Jobs of this instance running now").register(registry);
            };
        }
    }
}
