package com.crmtelephony.support.shares;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Every service's {@link TenantShares}, from config-repo's {@code crm.shares}, and its {@code requests} share. */
@AutoConfiguration
@EnableConfigurationProperties(TenantShares.class)
public class SharesAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken")
    static class Requests {

        /** Inside the security filters (their order is -100), where the caller's tenant is known. */
        @Bean
        FilterRegistrationBean<TenantRequestsFilter> tenantRequestsFilter(TenantShares shares,
                @org.springframework.beans.factory.annotation.Value("${crm.shares.request-wait:2s}") java.time.Duration wait) {
            FilterRegistrationBean<TenantRequestsFilter> registration = new FilterRegistrationBean<>(new TenantRequestsFilter(shares, wait));
            registration.setOrder(Ordered.LOWEST_PRECEDENCE - 90);
            return registration;
        }
    }
}
