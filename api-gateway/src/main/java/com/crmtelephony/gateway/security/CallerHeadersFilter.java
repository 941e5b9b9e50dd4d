package com.crmtelephony.gateway.security;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the {@link Caller} the gateway let through into the request a service gets: no API key,
 * and only the gateway's word on tenant and role. The routing filter applies it while it builds
 * the outgoing request, which is cheaper than a mutated copy of every exchange (bench/RESULTS.md,
 * gateway overhead). A request let through as no one goes on without tenant and role.
 */
@Component
class CallerHeadersFilter implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = HttpHeaders.copyOf(input);
        headers.remove(ApiKeyFilter.API_KEY);
        headers.remove(ApiKeyFilter.ROLE);
        headers.remove(ApiKeyFilter.TENANT);
        Caller caller = Caller.of(exchange);
        if (caller != null && caller.tenant() != null) {
            headers.set(ApiKeyFilter.TENANT, caller.tenant());
        }
        if (caller != null && caller.role() != null) {
            headers.set(ApiKeyFilter.ROLE, caller.role());
        }
        return headers;
    }
}
