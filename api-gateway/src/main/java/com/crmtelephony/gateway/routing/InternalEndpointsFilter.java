package com.crmtelephony.gateway.routing;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import com.crmtelephony.gateway.error.Problems;
import com.crmtelephony.gateway.security.AccessRules;

/**
 * Services' own actuators (health, metrics, refresh, env) are for operators on the service's
 * port, never for callers of the public API: the routes would otherwise forward them
 * ({@link AccessRules.Access#INTERNAL}).
 */
@Component
class InternalEndpointsFilter implements WebFilter, Ordered {

    private final AccessRules rules;
    private final Problems problems;

    InternalEndpointsFilter(AccessRules rules, Problems problems) {
        this.rules = rules;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (rules.access(exchange) == AccessRules.Access.INTERNAL) {
            return problems.refuse(exchange, HttpStatus.NOT_FOUND, "No route or resource at this path.", Map.of());
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
