package com.crmtelephony.gateway.routing;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import com.crmtelephony.gateway.error.Problems;

/**
 * Services' own actuators (health, metrics, refresh, env) are for operators on the service's
 * port, never for callers of the public API: the routes would otherwise forward them.
 */
@Component
class InternalEndpointsFilter implements WebFilter, Ordered {

    private static final PathPattern INTERNAL = caseInsensitive("/*/actuator/**");

    private final Problems problems;

    InternalEndpointsFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (INTERNAL.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return problems.refuse(exchange, HttpStatus.NOT_FOUND, "No route or resource at this path.", Map.of());
        }
        return chain.filter(exchange);
    }

    private static PathPattern caseInsensitive(String pattern) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        return parser.parse(pattern);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
