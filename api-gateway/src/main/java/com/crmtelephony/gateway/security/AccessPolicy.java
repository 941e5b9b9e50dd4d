package com.crmtelephony.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one access table every edge filter reads. */
@Configuration(proxyBeanMethods = false)
class AccessPolicy {

    @Bean
    AccessRules accessRules(GatewaySecurityProperties properties) {
        return new AccessRules(properties.access());
    }
}
