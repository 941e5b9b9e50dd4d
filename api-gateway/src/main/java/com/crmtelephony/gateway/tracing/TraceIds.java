package com.crmtelephony.gateway.tracing;

import java.util.Optional;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** The trace id of the request's server observation (thread-independent, unlike MDC). */
public final class TraceIds {

    private TraceIds() {
    }

    public static Optional<String> of(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(ctx -> {
                    TracingObservationHandler.TracingContext tracing =
                            ctx.get(TracingObservationHandler.TracingContext.class);
                    Span span = tracing == null ? null : tracing.getSpan();
                    return span == null ? null : span.context().traceId();
                });
    }
}
