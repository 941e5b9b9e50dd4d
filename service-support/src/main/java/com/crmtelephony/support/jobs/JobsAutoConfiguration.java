package com.crmtelephony.support.jobs;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

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
    Jobs jobs(JdbcTemplate jdbc, JsonMapper json, JobsProperties properties, TenantShares shares) {
        return new Jobs(jdbc, json, properties, shares);
    }
}
