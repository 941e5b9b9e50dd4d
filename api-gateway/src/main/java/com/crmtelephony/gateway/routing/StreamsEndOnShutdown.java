package com.crmtelephony.gateway.routing;

import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * A gateway that stops ends the event streams it carries as it begins to (readiness down), rather
 * than after its graceful drain: a stream never finishes by itself, so the drain would wait its
 * whole timeout for them and then cut them anyway. Each client sees its stream end and opens it
 * again, with its Last-Event-ID, through another gateway; the service behind it loses nothing.
 */
@Component
class StreamsEndOnShutdown implements GlobalFilter, Ordered, ApplicationListener<AvailabilityChangeEvent<?>> {

    private final Sinks.One<Boolean> stopping = Sinks.one();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<MediaType> accepted = exchange.getRequest().getHeaders().getAccept();
        if (accepted.stream().noneMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).takeUntilOther(stopping.asMono());
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            stopping.tryEmitValue(true);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
