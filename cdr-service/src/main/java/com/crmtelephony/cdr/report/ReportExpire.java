package com.crmtelephony.cdr.report;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.cdr.retention.ExpiredPart;

/** This module's part of a tenant's retention: the deleted calls leave the kept totals at once (the fold). */
@Configuration(proxyBeanMethods = false)
class ReportExpire {

    @Bean
    ExpiredPart foldAfterExpiry() {
        return new ExpiredPart(20, List.of(), List.of("select call_aggregates_fold(?)"));
    }
}
