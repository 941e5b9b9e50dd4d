package com.crmtelephony.gateway.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The instances one request has already failed on, so that config-repo's Retry policy sends it
 * to another. The Retry filter asks the round-robin balancer again, and with other requests in
 * flight the next position is as likely to be the instance that just refused: a known gap of the
 * gateway (spring-cloud-gateway#3045, #1371). Until the registry drops a dead instance (up to
 * about 20 s) a request could spend all its retries on it. The set lives in the exchange's
 * attributes, which the balancer's request carries, so nothing is shared between requests.
 */
@Component
class FailedInstances implements GlobalFilter, Ordered {

    static final String ATTRIBUTE = FailedInstances.class.getName();

    /** Records the chosen instance when routing to it fails, before the Retry filter sees it. */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(error -> {
            Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            if (chosen != null && chosen.hasServer()) {
                @SuppressWarnings("unchecked")
                Set<String> failed = (Set<String>) exchange.getAttributes()
                        .computeIfAbsent(ATTRIBUTE, name -> ConcurrentHashMap.<String>newKeySet());
                failed.add(key(chosen.getServer()));
            }
        });
    }

    /** Just after the balancer has chosen, so that an error from the instance passes here first. */
    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> failed(Map<String, Object> attributes) {
        Object failed = attributes.get(ATTRIBUTE);
        return failed instanceof Set<?> set ? (Set<String>) set : Set.of();
    }

    private static String key(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }

    /**
     * The instances of a service less those this request failed on; all of them when it failed
     * on every one (then a retry is as good a guess as any).
     */
    static List<ServiceInstance> without(List<ServiceInstance> instances, Request<?> request) {
        if (!(request.getContext() instanceof RequestDataContext context) || context.getClientRequest() == null) {
            return instances;
        }
        Set<String> failed = failed(context.getClientRequest().getAttributes());
        if (failed.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> others = instances.stream().filter(instance -> !failed.contains(key(instance))).toList();
        return others.isEmpty() ? instances : others;
    }

    /** The balancer's instance list, as Spring Cloud's default builds it, less the failed ones. */
    static final class Supplier extends DelegatingServiceInstanceListSupplier {

        Supplier(ServiceInstanceListSupplier delegate) {
            super(delegate);
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return delegate.get();
        }

        @Override
        public Flux<List<ServiceInstance>> get(Request request) {
            return delegate.get(request).map(instances -> without(instances, request));
        }
    }
}
