package com.crmtelephony.gateway.security;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * What each tenant asks of the suite and how it is answered, for the tenants' dashboard:
 * {@code gateway.tenant.requests{tenant, outcome}}, the outcome one of 2xx, 4xx (429 apart: the
 * tenant's rate limit or one of its shares), 429 and 5xx. Counted for requests whose API key is a
 * tenant's, by the key's tenant (a registered tenant, so the tags stay as few as the tenants), 429s
 * of its rate limit included; admin keys, the PBX's webhooks and refused keys are not a tenant's.
 * A tenant's four counters appear together at its first request, so each reads 0 until it counts.
 */
@Component
class TenantMeters implements WebFilter, Ordered {

    static final String NAME = "gateway.tenant.requests";
    static final Set<String> OUTCOMES = Set.of("2xx", "4xx", "429", "5xx");
    private static final String ATTRIBUTE = TenantMeters.class.getName();

    private final MeterRegistry registry;
    private final Map<UUID, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    TenantMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The tenant whose key the request carries ({@link ApiKeyFilter}, once the key is honoured). */
    static void tenantOf(ServerWebExchange exchange, UUID tenant) {
        if (tenant != null) {
            exchange.getAttributes().put(ATTRIBUTE, tenant);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).doFinally(signal -> {
            UUID tenant = exchange.getAttribute(ATTRIBUTE);
            if (tenant != null) {
                count(tenant, exchange.getResponse().getStatusCode());
            }
        });
    }

    void count(UUID tenant, HttpStatusCode status) {
        counters.computeIfAbsent(tenant, this::register).get(outcome(status)).increment();
    }

    private Map<String, Counter> register(UUID tenant) {
        Map<String, Counter> byOutcome = new ConcurrentHashMap<>();
        for (String outcome : OUTCOMES) {
            byOutcome.put(outcome, Counter.builder(NAME).tag("tenant", tenant.toString()).tag("outcome", outcome)
                    .description("Requests of the tenant's API keys, by how they were answered").register(registry));
        }
        return byOutcome;
    }

    /** A client that went away before an answer counts as answered (no status: 2xx, as Spring counts it). */
    static String outcome(HttpStatusCode status) {
        if (status == null || status.is2xxSuccessful() || status.is3xxRedirection() || status.is1xxInformational()) {
            return "2xx";
        }
        if (status.value() == 429) {
            return "429";
        }
        return status.is4xxClientError() ? "4xx" : "5xx";
    }

    @Override
    public int getOrder() {
        // Around everything, the refusals of the key filter included.
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
