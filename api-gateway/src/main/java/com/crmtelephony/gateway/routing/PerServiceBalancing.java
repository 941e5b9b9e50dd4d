package com.crmtelephony.gateway.routing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Read in each service's own balancer context ({@link RetryLoadBalancing}), so neither a
 * {@code @Configuration} that the component scan would put in the gateway's context, nor nested
 * in one (a member class with {@code @Bean} methods is read with it).
 */
class PerServiceBalancing {

    @Bean
    ServiceInstanceListSupplier serviceInstanceListSupplier(ConfigurableApplicationContext context) {
        return new FailedInstances.Supplier(
                ServiceInstanceListSupplier.builder().withDiscoveryClient().withCaching().build(context));
    }
}
