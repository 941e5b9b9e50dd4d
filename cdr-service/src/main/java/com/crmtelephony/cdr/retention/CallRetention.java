package com.crmtelephony.cdr.retention;

import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.support.retention.ExpiredRows;
import com.crmtelephony.support.retention.TenantRetention;

/**
 * A tenant's calls past its retention period go: by their start, or by when they were last
 * written for a call that never started; with them the called-back marks of that age. The
 * aggregate triggers take the calls out of the report's totals as for any delete, and the fold
 * right after makes the report say so at once; phone-book matches of numbers no call has any more
 * go too. The upsert skips calls already past the period (CallRepository), so a sync does not
 * bring them back. Each module declares its part ({@link ExpiredPart}); the periods are the tenant's.
 */
@Configuration(proxyBeanMethods = false)
class CallRetention {

    @Bean
    TenantRetention.Rules callRetentionRules(ObjectProvider<ExpiredPart> parts) {
        List<ExpiredPart> ordered = parts.stream().sorted(Comparator.comparingInt(ExpiredPart::order)).toList();
        return new TenantRetention.Rules(new ExpiredRows.Rule("calls", TenantRepository.RETENTION_PERIODS,
                ordered.stream().flatMap(p -> p.removals().stream()).toList(),
                ordered.stream().flatMap(p -> p.after().stream()).toList()),
                TenantRepository.RETENTION_DAYS, TenantRepository.SET_RETENTION_DAYS);
    }
}
