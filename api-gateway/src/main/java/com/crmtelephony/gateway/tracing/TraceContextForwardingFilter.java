package com.crmtelephony.gateway.tracing;

import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Continues the gateway's trace in the service it routes to. Gateway's own client-side
 * observation did this too, but with a second span and timers for every request; it is
 * switched off for its cost (bench/RESULTS.md, gateway overhead), and the service's span is
 * now a child of the gateway's server span. Applied by the routing filter to the outgoing
 * request's headers, so the exchange is not copied for it.
 */
@Component
class TraceContextForwardingFilter implements HttpHeadersFilter {

    private final Propagator propagator;

    TraceContextForwardingFilter(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        // A client's traceparent is overwritten: the client's span already is the gateway span's parent.
        return TraceIds.serverSpan(exchange)
                .map(span -> {
                    HttpHeaders headers = HttpHeaders.copyOf(input);
                    propagator.inject(span.context(), headers, HttpHeaders::set);
                    return headers;
                })
                .orElse(input);
    }
}
