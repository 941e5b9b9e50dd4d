package com.crmtelephony.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/** Every routed service's balancer skips the instances a retried request already failed on. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PerServiceBalancing.class)
class RetryLoadBalancing {
}
