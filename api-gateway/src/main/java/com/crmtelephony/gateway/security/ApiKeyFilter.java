package com.crmtelephony.gateway.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

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

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final GatewaySecurityProperties properties;
    private final List<PathPattern> protectedPaths;
    private final List<PathPattern> publicPaths;
    private final List<PathPattern> adminPaths;
    private final Problems problems;
    private final MeterRegistry meters;

    ApiKeyFilter(ApiKeys keys, RateLimiter limiter, GatewaySecurityProperties properties, Problems problems,
                 MeterRegistry meters) {
        this.keys = keys;
        this.limiter = limiter;
        this.properties = properties;
        this.protectedPaths = patterns(properties.protectedPaths());
        this.publicPaths = patterns(properties.publicPaths());
        this.adminPaths = patterns(properties.adminPaths());
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!matches(protectedPaths, path)) {
            return chain.filter(exchange);
        }
        if (exchange.getRequest().getHeaders().getContentLength() > properties.maxRequestSize().toBytes()) {
            return refuse(exchange, HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "Request body exceeds the limit of " + properties.maxRequestSize().toBytes() + " bytes", Map.of());
        }
        if (matches(publicPaths, path)) {
            // The PBX names the tenant of its webhook in Tenant-UUID (the same header): kept.
            return pass(exchange, chain, exchange.getRequest().getHeaders().getFirst(TENANT), null);
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
            return pass(exchange, chain, claimed, "admin");
        }
        if (matches(adminPaths, path)) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden", "This endpoint needs an admin API key", Map.of());
        }
        if (claimed != null && !claimed.trim().equalsIgnoreCase(caller.tenant().toString())) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden",
                    "This API key may not act for tenant '" + claimed + "'", Map.of());
        }
        return pass(exchange, chain, caller.tenant().toString(), null);
    }

    /** On to the service, which CallerHeadersFilter tells only the gateway's word on tenant and role. */
    private static Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, String tenant, String role) {
        CallerHeadersFilter.accept(exchange, tenant, role);
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String outcome, String detail,
                              Map<String, String> headers) {
        meters.counter("gateway.access.refused", "reason", outcome).increment();
        return problems.write(exchange, status, detail, headers);
    }

    private static List<PathPattern> patterns(List<String> paths) {
        return paths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

}
