package com.crmtelephony.gateway.security;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who the gateway let through, as services are told it: the API key's name (null for the PBX's
 * webhook, which no key authenticates), the tenant acted for (an admin key's: the one it named,
 * or null) and whether the key is an admin's. {@link ApiKeyFilter} decides it,
 * {@link CallerHeadersFilter} writes it into the outgoing request; each knows this value, not the
 * other filter.
 */
record Caller(String key, String tenant, boolean admin) {

    private static final String ATTRIBUTE = Caller.class.getName();

    void putOn(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    /** @return null when the request was not let through as anyone (an open or refused path) */
    static Caller of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
