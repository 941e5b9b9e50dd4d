package com.crmtelephony.gateway.tracing;

import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Continues the gateway's trace in the service it routes to. Gateway's own client-side
 * observation did this too, but with a second span and timers for every request; it is
 * switched off for its cost (bench/RESULTS.md, gateway overhead), and the service's span is
 * now a child of the gateway's server span.
 */
@Component
class TraceContextForwardingFilter implements GlobalFilter, Ordered {

    private final Propagator propagator;

    TraceContextForwardingFilter(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        // A client's traceparent is overwritten: the client's span already is the gateway span's parent.
        return TraceIds.serverSpan(exchange)
                .map(span -> exchange.mutate()
                        .request(r -> r.headers(h -> propagator.inject(span.context(), h, HttpHeaders::set)))
                        .build())
                .map(chain::filter)
                .orElseGet(() -> chain.filter(exchange));
    }

    @Override
    public int getOrder() {
        // Before the routing filter sends the request (NettyRoutingFilter is Ordered.LOWEST_PRECEDENCE).
        return 0;
    }
}
