package com.crmtelephony.gateway.security;

import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.crmtelephony.gateway.error.Problems;
import com.crmtelephony.gateway.security.GatewaySecurityProperties.ApiKey;

/**
 * The access model of the suite: every routed request needs an API key; a tenant key acts for
 * its tenant only (the gateway sets {@code tenant-uuid}); admin keys may name any tenant and
 * call cross-tenant endpoints. Services trust {@code tenant-uuid} and {@code X-Crm-Role} because
 * only the gateway reaches them, and it never forwards what clients sent in those.
 */
@Component
class ApiKeyFilter implements WebFilter, Ordered {

    static final String API_KEY = "X-API-Key";
    static final String TENANT = "tenant-uuid";
    static final String ROLE = "X-Crm-Role";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final GatewaySecurityProperties properties;
    private final Problems problems;
    private final MeterRegistry meters;

    ApiKeyFilter(ApiKeys keys, RateLimiter limiter, GatewaySecurityProperties properties, Problems problems,
                 MeterRegistry meters) {
        this.keys = keys;
        this.limiter = limiter;
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!matches(properties.protectedPaths(), path)) {
            return chain.filter(exchange);
        }
        if (exchange.getRequest().getHeaders().getContentLength() > properties.maxRequestSize().toBytes()) {
            return refuse(exchange, HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "Request body exceeds the limit of " + properties.maxRequestSize().toBytes() + " bytes", Map.of());
        }
        if (matches(properties.publicPaths(), path)) {
            // The PBX names the tenant of its webhook in Tenant-UUID (the same header): kept.
            return chain.filter(strip(exchange, exchange.getRequest().getHeaders().getFirst(TENANT), null));
        }
        Optional<ApiKey> key = keys.find(exchange.getRequest().getHeaders().getFirst(API_KEY));
        if (key.isEmpty()) {
            String detail = exchange.getRequest().getHeaders().containsHeader(API_KEY)
                    ? "The API key is not valid" : "An API key is required (X-API-Key header)";
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", detail,
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + API_KEY + "\""));
        }
        ApiKey caller = key.get();
        long wait = limiter.acquire(caller.name());
        if (wait > 0) {
            return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Too many requests for this API key; retry after " + wait + " s",
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait)));
        }
        String claimed = exchange.getRequest().getHeaders().getFirst(TENANT);
        if (caller.admin()) {
            return chain.filter(strip(exchange, claimed, "admin"));
        }
        if (matches(properties.adminPaths(), path)) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden", "This endpoint needs an admin API key", Map.of());
        }
        if (claimed != null && !claimed.trim().equalsIgnoreCase(caller.tenant().toString())) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden",
                    "This API key may not act for tenant '" + claimed + "'", Map.of());
        }
        return chain.filter(strip(exchange, caller.tenant().toString(), null));
    }

    /** The request as services get it: no key, and only the gateway's word on tenant and role. */
    private static ServerWebExchange strip(ServerWebExchange exchange, String tenant, String role) {
        return exchange.mutate().request(r -> r.headers(h -> {
            h.remove(API_KEY);
            h.remove(ROLE);
            h.remove(TENANT);
            if (tenant != null) {
                h.set(TENANT, tenant);
            }
            if (role != null) {
                h.set(ROLE, role);
            }
        })).build();
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String outcome, String detail,
                              Map<String, String> headers) {
        meters.counter("gateway.access.refused", "reason", outcome).increment();
        return problems.write(exchange, status, detail, headers);
    }

    private static boolean matches(java.util.List<String> patterns, String path) {
        return patterns.stream().anyMatch(p -> PATHS.match(p, path));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

}
