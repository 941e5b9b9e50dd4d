package com.crmtelephony.support.audit;

import java.time.Duration;
import java.util.List;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The audit trail of every service with a database (R__support_audit.sql makes {@code audit_entry};
 * {@code crm.audit.enabled=false} turns it off): the filter that records admin requests, and the trail's own retention,
 * {@code crm.audit.keep} (400 days), removed once a day on one instance.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken",
        "net.javacrumbs.shedlock.spring.annotation.SchedulerLock"})
@ConditionalOnProperty(name = "crm.audit.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(JdbcTemplate.class)
public class AuditAutoConfiguration {

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc) {
        return new AuditTrail(jdbc);
    }

    /** Inside the security filters (their order is -100): the caller is known, and the status too once it ran. */
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail,
                                                    @Value("${crm.audit.gateway:api-gateway}") String gateway,
                                                    org.springframework.core.env.Environment environment) {
        // A YAML list is indexed properties, which @Value does not read: bound as a list.
        List<String> tenantWrites = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("crm.audit.tenant-writes", org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .orElse(List.of());
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(trail, gateway, tenantWrites));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }

    @Bean
    AuditRetention auditRetention(AuditTrail trail, @Value("${crm.audit.keep:400d}") Duration keep) {
        return new AuditRetention(trail, keep);
    }

    public static class AuditRetention {

        private final AuditTrail trail;
        private final Duration keep;

        AuditRetention(AuditTrail trail, Duration keep) {
            this.trail = trail;
            this.keep = keep;
        }

        public int forget() {
            return trail.forget(keep);
        }

        /** ShedLock locks only methods that return nothing: it could not say what a skipped run returned. */
        @Scheduled(fixedDelayString = "${crm.audit.retention-interval:1d}", initialDelayString = "${crm.retention.first-run:2m}")
        @SchedulerLock(name = "audit-retention", lockAtMostFor = "PT30M")
        public void forgetOnSchedule() {
            forget();
        }
    }
}
