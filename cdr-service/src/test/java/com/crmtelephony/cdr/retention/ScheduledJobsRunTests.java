package com.crmtelephony.cdr.retention;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.support.audit.AuditAutoConfiguration;
import com.crmtelephony.support.retention.TenantRetention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The scheduled jobs run as the scheduler calls them, through their beans as the context made
 * them (issue 37: the audit's and the retention's threw ShedLock's LockingNotSupportedException at
 * every run, so crm.audit.keep was never applied).
 */
class ScheduledJobsRunTests extends CdrServiceTest {

    @Autowired
    AuditAutoConfiguration.AuditRetention audit;
    @Autowired
    TenantRetention retention;

    @Test
    void theAuditsRetentionRunsAndForgetsWhatIsPastItsKeep() {
        jdbc.execute("do $$ begin set local session_replication_role = replica;"
                + " insert into audit_entry (at, key_name, method, path, status) values (now() - interval '401 days', 'old', 'GET', '/x', 200);"
                + " end $$");
        assertThatCode(audit::forgetOnSchedule).doesNotThrowAnyException();
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where key_name = 'old'", Long.class)).isZero();
    }

    @Test
    void theRetentionJobRunsOnSchedule() {
        UUID tenant = UUID.randomUUID();
        assertThatCode(retention::removeExpiredOnSchedule).doesNotThrowAnyException();
        assertThat(retention.removeExpired()).as("the lock is free again after a run").isNotNull();
        assertThat(retention.period(tenant).days()).isNull();
    }
}
