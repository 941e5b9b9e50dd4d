package com.crmtelephony.cdr.phonebook;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.cdr.retention.ExpiredPart;

/** This module's part of a tenant's retention: after the fold, the matches of numbers no call holds any more. */
@Configuration(proxyBeanMethods = false)
class NumberMatchesExpire {

    @Bean
    ExpiredPart matchesWithoutCalls() {
        return new ExpiredPart(30, List.of(), List.of("""
                delete from number_match m where m.tenant_id = ?
                    and not exists (select 1 from call_number n where n.tenant_id = m.tenant_id and n.number = m.number)"""));
    }
}
