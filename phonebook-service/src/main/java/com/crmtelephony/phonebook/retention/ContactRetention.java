package com.crmtelephony.phonebook.retention;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.support.retention.ExpiredRows;
import com.crmtelephony.support.retention.TenantRetention;

/**
 * A tenant's contacts nobody has written for its retention period go; the change feed (V2)
 * tells cdr-service that their numbers have no contact any more.
 */
@Configuration(proxyBeanMethods = false)
class ContactRetention {

    @Bean
    TenantRetention.Rules contactRetentionRules() {
        return new TenantRetention.Rules(new ExpiredRows.Rule("contacts",
                "select tenant_id, contact_retention_days from tenant_setting where contact_retention_days is not null"
                        + " order by tenant_id",
                List.of("""
                        delete from contact where id = any(array(
                            select id from contact
                            where tenant_id = ? and updated_at < now() - make_interval(days => ?) limit ?))"""),
                List.of()),
                "select contact_retention_days from tenant_setting where tenant_id = ?",
                "insert into tenant_setting (tenant_id, contact_retention_days) values (?, ?)"
                        + " on conflict (tenant_id) do update set contact_retention_days = excluded.contact_retention_days");
    }
}
