package com.crmtelephony.gateway.security;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.crmtelephony.gateway.error.Problems;
import com.crmtelephony.support.caller.Callers;

/**
 * The access model of the suite, applied as {@link AccessRules} say for the request's path:
 * every routed request needs an API key the tenant registry honours ({@link ApiKeys}); a tenant
 * key acts for its tenant only (the gateway sets {@code tenant-uuid}), a read-only key only reads,
 * a suspended tenant's keys are refused; admin keys may name any tenant and call cross-tenant
 * endpoints. Each key has its tenant's rate share (the registry's, else crm.gateway.rate-limit). Services
 * are told who called in a token signed by the gateway (CallerTokens), and check it all again
 * themselves; the key goes no further than here. An internal path is refused here too, not only
 * by InternalEndpointsFilter: this filter fails closed on its own.
 */
@Component
class ApiKeyFilter implements WebFilter, Ordered {

    static final String API_KEY = "X-API-Key";
    static final String TENANT = Callers.TENANT_HEADER;
    static final String ROLE = Callers.ROLE_HEADER;

    private final ApiKeys keys;
    private final AccessRules rules;
    private final RateLimiters limits;
    private final Problems problems;
    private final MeterRegistry meters;
    private final GatewaySecurityProperties.RateLimit defaultRate;
    /**
     * Sources over their budget of wrong keys, until when (nanoTime). Their keys without a fresh
     * check here are looked up at {@link #OVER_BUDGET_LOOKUPS} a second at most: a flood of
     * made-up keys from one address costs the registry that, and a valid key from the same
     * address still gets its lookup (a key checked in the last 5 s needs none).
     */
    private final Cache<String, Long> overBudget = Caffeine.newBuilder()
            .expireAfterWrite(1, TimeUnit.MINUTES).maximumSize(100_000).build();
    static final GatewaySecurityProperties.RateLimit OVER_BUDGET_LOOKUPS = new GatewaySecurityProperties.RateLimit(2, 2);
    private final LocalRateLimiter overBudgetLookups = new LocalRateLimiter(OVER_BUDGET_LOOKUPS);

    /** What a read-only key may do: read (OPTIONS never reaches here with a key: CORS is not served). */
    private static final java.util.Set<HttpMethod> READS = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD);

    ApiKeyFilter(ApiKeys keys, AccessRules rules, RateLimiters limits, Problems problems, MeterRegistry meters,
                 GatewaySecurityProperties properties) {
        this.defaultRate = properties.rateLimit();
        this.keys = keys;
        this.rules = rules;
        this.limits = limits;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return switch (rules.access(exchange)) {
            case OPEN, PUBLIC -> chain.filter(exchange);
            case INTERNAL -> problems.refuse(exchange, HttpStatus.NOT_FOUND, "No route or resource at this path.", Map.of());
            case WEBHOOK -> webhook(exchange, chain);
            case ADMIN -> withKey(exchange, chain, true);
            case TENANT -> withKey(exchange, chain, false);
        };
    }

    /** The PBX names the tenant of its webhook in Tenant-UUID (the same header): kept. */
    private Mono<Void> webhook(ServerWebExchange exchange, WebFilterChain chain) {
        return limits.webhooks().acquire(source(exchange)).flatMap(wait -> wait > 0
                ? tooMany(exchange, "Too many webhook deliveries from this address", wait)
                : pass(exchange, chain, new Caller(null, exchange.getRequest().getHeaders().getFirst(TENANT), false)));
    }

    private Mono<Void> withKey(ServerWebExchange exchange, WebFilterChain chain, boolean adminOnly) {
        String source = source(exchange);
        Long overUntil = overBudget.getIfPresent(source);
        boolean mayAsk = overUntil == null || System.nanoTime() - overUntil >= 0 || overBudgetLookups.take(source) == 0;
        return keys.find(exchange.getRequest().getHeaders().getFirst(API_KEY), mayAsk).flatMap(check -> {
            if (check instanceof ApiKeys.Honoured honoured) {
                return honoured(exchange, chain, honoured.key(), adminOnly);
            }
            if (((ApiKeys.Refused) check).unavailable()) {
                return refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE, "registry_unavailable", "The API key cannot be "
                        + "checked now: the tenant registry does not answer; retry shortly", Map.of(HttpHeaders.RETRY_AFTER, "5"));
            }
            return unauthenticated(exchange);
        });
    }

    /**
     * Counted per source, and only when the key is wrong: a valid key is never slowed by them.
     */
    private Mono<Void> unauthenticated(ServerWebExchange exchange) {
        String detail = exchange.getRequest().getHeaders().containsHeader(API_KEY)
                ? "The API key is not valid" : "An API key is required (X-API-Key header)";
        String source = source(exchange);
        return limits.authFailures().acquire(source).flatMap(wait -> {
            if (wait > 0) {
                overBudget.put(source, System.nanoTime() + TimeUnit.SECONDS.toNanos(wait));
                return tooMany(exchange, "Too many requests without a valid API key from this address", wait);
            }
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", detail,
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + API_KEY + "\""));
        });
    }

    private Mono<Void> honoured(ServerWebExchange exchange, WebFilterChain chain, RegisteredKey key, boolean adminOnly) {
        if (!key.admin()) {
            TenantMeters.tenantOf(exchange, key.tenant());
        }
        if (key.suspended()) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "suspended",
                    "The tenant of this API key is suspended: its keys are refused, its data is kept", Map.of());
        }
        if (key.readOnly() && !READS.contains(exchange.getRequest().getMethod())) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "read_only", "This API key may only read (GET, HEAD)", Map.of());
        }
        return limits.perKey().acquire(key.id().toString(), key.rate(defaultRate)).flatMap(wait -> wait > 0
                ? tooMany(exchange, "Too many requests for this API key", wait)
                : withinLimit(exchange, chain, key, adminOnly));
    }

    private Mono<Void> withinLimit(ServerWebExchange exchange, WebFilterChain chain, RegisteredKey caller, boolean adminOnly) {
        String claimed = exchange.getRequest().getHeaders().getFirst(TENANT);
        if (caller.admin()) {
            return pass(exchange, chain, new Caller(caller.name(), claimed, true));
        }
        if (adminOnly) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden", "This endpoint needs an admin API key", Map.of());
        }
        if (claimed != null && !claimed.trim().equalsIgnoreCase(caller.tenant().toString())) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden",
                    "This API key may not act for tenant '" + claimed + "'", Map.of());
        }
        return pass(exchange, chain, new Caller(caller.name(), caller.tenant().toString(), false));
    }

    /** On to the service, which is told only the gateway's word on who called. */
    private static Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, Caller caller) {
        caller.putOn(exchange);
        return chain.filter(exchange);
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, String why, long wait) {
        return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited", why + "; retry after " + wait + " s",
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait)));
    }

    /** The address the request came from: the peer, or what the deployment's trusted proxies say. */
    private static String source(ServerWebExchange exchange) {
        return ClientSource.of(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String outcome, String detail,
                              Map<String, String> headers) {
        meters.counter("gateway.access.refused", "reason", outcome).increment();
        return problems.refuse(exchange, status, detail, headers);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

}
