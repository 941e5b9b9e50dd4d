package com.crmtelephony.support.retention;

import java.util.List;
import java.util.UUID;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A service's retention: its tenants' periods and the job that removes what has expired, every
 * {@code crm.retention.interval} (1 h) and when an admin asks, on one instance at a time (the
 * service's shedlock table; another instance gets null).
 */
public class TenantRetention {

    /**
     * What expires in one service, and where its tenants' periods are kept.
     *
     * @param rule         what {@link ExpiredRows} removes
     * @param periodQuery  selects a tenant's days, parameter (tenant)
     * @param periodUpsert stores them, parameters (tenant, days or null)
     */
    public record Rules(ExpiredRows.Rule rule, String periodQuery, String periodUpsert) {
    }

    private final JdbcTemplate jdbc;
    private final ExpiredRows expired;
    private final Rules rules;

    public TenantRetention(JdbcTemplate jdbc, ExpiredRows expired, Rules rules) {
        this.jdbc = jdbc;
        this.expired = expired;
        this.rules = rules;
    }

    public RetentionPeriod period(UUID tenant) {
        List<Integer> days = jdbc.queryForList(rules.periodQuery(), Integer.class, tenant);
        return days.isEmpty() ? RetentionPeriod.KEEP_EVERYTHING : new RetentionPeriod(days.get(0));
    }

    public void setPeriod(UUID tenant, RetentionPeriod period) {
        jdbc.update(rules.periodUpsert(), tenant, period.checked().days());
    }

    /** What each tenant with a period lost now; null when another instance holds the job. */
    @Scheduled(fixedDelayString = "${crm.retention.interval:1h}", initialDelayString = "${crm.retention.first-run:2m}")
    @SchedulerLock(name = "retention", lockAtMostFor = "PT30M")
    public List<ExpiredRows.Removed> removeExpired() {
        return expired.remove(rules.rule());
    }
}
