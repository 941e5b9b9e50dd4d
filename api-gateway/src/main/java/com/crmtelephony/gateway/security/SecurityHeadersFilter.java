package com.crmtelephony.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Hardening headers on every answer, the gateway's own and the services' alike; on the console's
 * pages a content security policy that allows this origin's scripts, styles and API only (no
 * inline script, no other site), so that a contact's name shown in a page cannot run.
 */
@Component
class SecurityHeadersFilter implements WebFilter, Ordered {

    static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders h = exchange.getResponse().getHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cross-Origin-Resource-Policy", "same-origin");
            String path = exchange.getRequest().getPath().value();
            if (path.equals("/") || path.equals("/index.html") || path.startsWith("/console/")) {
                h.set("Content-Security-Policy", CONSOLE_POLICY);
            }
            if (!h.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                h.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
