package com.crmtelephony.cdr.call;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.cdr.retention.ExpiredPart;

/** This module's part of a tenant's retention: its calls past the period, by start, or by last write for a call that never started. */
@Configuration(proxyBeanMethods = false)
class CallsExpire {

    @Bean
    ExpiredPart expiredCalls() {
        return new ExpiredPart(0, List.of("""
                delete from call_record where id = any(array(
                    select id from call_record
                    where tenant_id = ? and call_start < now() - make_interval(days => ?) limit ?))""", """
                delete from call_record where id = any(array(
                    select id from call_record
                    where tenant_id = ? and call_start is null and updated_at < now() - make_interval(days => ?) limit ?))"""),
                List.of());
    }
}
