package com.crmtelephony.cdr.retention;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.support.retention.ExpiredRows;
import com.crmtelephony.support.retention.TenantRetention;

/**
 * A tenant's calls past its retention period go: by their start, or by when they were last
 * written for a call that never started; with them the called-back marks of that age. The
 * aggregate triggers take the calls out of the report's totals as for any delete, and the fold
 * right after makes the report say so at once; phone-book matches of numbers no call has any more
 * go too. The upsert skips calls already past the period (CallRepository), so a sync does not
 * bring them back.
 */
@Configuration(proxyBeanMethods = false)
class CallRetention {

    @Bean
    TenantRetention.Rules callRetentionRules() {
        return new TenantRetention.Rules(new ExpiredRows.Rule("calls",
                "select id, call_retention_days from tenant where call_retention_days is not null order by id",
                List.of("""
                        delete from call_record where id = any(array(
                            select id from call_record
                            where tenant_id = ? and call_start < now() - make_interval(days => ?) limit ?))""",
                        """
                        delete from call_record where id = any(array(
                            select id from call_record
                            where tenant_id = ? and call_start is null and updated_at < now() - make_interval(days => ?) limit ?))""",
                        """
                        delete from follow_up_done where (tenant_id, key) in (
                            select tenant_id, key from follow_up_done
                            where tenant_id = ? and done_at < now() - make_interval(days => ?) limit ?)"""),
                List.of("select call_aggregates_fold(?)",
                        """
                        delete from number_match m where m.tenant_id = ?
                            and not exists (select 1 from call_number n where n.tenant_id = m.tenant_id and n.number = m.number)""")),
                "select call_retention_days from tenant where id = ?",
                "insert into tenant (id, call_retention_days) values (?, ?)"
                        + " on conflict (id) do update set call_retention_days = excluded.call_retention_days");
    }
}
