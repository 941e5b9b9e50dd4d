package com.crmtelephony.support.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

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
    private final LockingTaskExecutor locks;

    public TenantRetention(JdbcTemplate jdbc, ExpiredRows expired, Rules rules, LockProvider locks) {
        this.jdbc = jdbc;
        this.expired = expired;
        this.rules = rules;
        this.locks = new DefaultLockingTaskExecutor(locks);
    }

    public RetentionPeriod period(UUID tenant) {
        List<Integer> days = jdbc.queryForList(rules.periodQuery(), Integer.class, tenant);
        return days.isEmpty() ? RetentionPeriod.KEEP_EVERYTHING : new RetentionPeriod(days.get(0));
    }

    public void setPeriod(UUID tenant, RetentionPeriod period) {
        jdbc.update(rules.periodUpsert(), tenant, period.checked().days());
    }

    /**
     * What each tenant with a period lost now; null when another instance holds the job. The lock
     * is taken here, not by {@code @SchedulerLock}, which cannot lock a method that answers
     * something (it threw at every scheduled run, and the job never ran).
     */
    public List<ExpiredRows.Removed> removeExpired() {
        try {
            LockingTaskExecutor.TaskResult<List<ExpiredRows.Removed>> run = locks.executeWithLock(
                    () -> expired.remove(rules.rule()),
                    new LockConfiguration(Instant.now(), "retention", Duration.ofMinutes(30), Duration.ZERO));
            return run.wasExecuted() ? run.getResult() : null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(fixedDelayString = "${crm.retention.interval:1h}", initialDelayString = "${crm.retention.first-run:2m}")
    public void removeExpiredOnSchedule() {
        removeExpired();
    }
}
