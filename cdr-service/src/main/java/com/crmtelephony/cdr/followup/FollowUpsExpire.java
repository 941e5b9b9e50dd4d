package com.crmtelephony.cdr.followup;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.crmtelephony.cdr.retention.ExpiredPart;

/** This module's part of a tenant's retention: the called-back marks of the period's age. */
@Configuration(proxyBeanMethods = false)
class FollowUpsExpire {

    @Bean
    ExpiredPart expiredFollowUps() {
        return new ExpiredPart(10, List.of(FollowUpRepository.EXPIRED), List.of());
    }
}
