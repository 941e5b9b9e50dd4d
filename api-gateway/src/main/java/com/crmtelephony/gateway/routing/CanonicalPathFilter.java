package com.crmtelephony.gateway.routing;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.crmtelephony.gateway.error.Problems;
import com.crmtelephony.support.web.CanonicalPaths;

/**
 * First of all: a path that is not canonical is refused (400) before any access rule or route
 * looks at it. The rules match the path as written, while a route (StripPrefix drops an empty
 * segment) and a service (which may normalise) could read it as another: only when all read the
 * same text is a rule as strong as it looks.
 */
@Component
class CanonicalPathFilter implements WebFilter, Ordered {

    private final Problems problems;

    CanonicalPathFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The raw path: not decoded, not normalised.
        String violation = CanonicalPaths.violation(exchange.getRequest().getPath().value());
        if (violation != null) {
            return problems.refuse(exchange, HttpStatus.BAD_REQUEST, "Non-canonical request path: " + violation, Map.of());
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
