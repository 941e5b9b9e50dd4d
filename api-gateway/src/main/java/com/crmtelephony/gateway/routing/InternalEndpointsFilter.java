package com.crmtelephony.gateway.routing;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import com.crmtelephony.gateway.error.Problems;

/**
 * Services' own actuators (health, metrics, refresh, env) are for operators on the service's
 * port, never for callers of the public API: the routes would otherwise forward them.
 */
@Component
class InternalEndpointsFilter implements WebFilter, Ordered {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final Problems problems;

    InternalEndpointsFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (PATHS.match("/*/actuator", path) || PATHS.match("/*/actuator/**", path)) {
            return problems.write(exchange, HttpStatus.NOT_FOUND, "No route or resource at this path.");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
