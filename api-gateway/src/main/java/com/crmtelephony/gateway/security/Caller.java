package com.crmtelephony.gateway.security;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who the gateway let through, as services are told it: the tenant acted for and the role; either
 * may be null. {@link ApiKeyFilter} decides it, {@link CallerHeadersFilter} writes it into the
 * outgoing request; each knows this value, not the other filter.
 */
record Caller(String tenant, String role) {

    private static final String ATTRIBUTE = Caller.class.getName();

    void putOn(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    /** @return null when the request was not let through as anyone (an open or refused path) */
    static Caller of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
