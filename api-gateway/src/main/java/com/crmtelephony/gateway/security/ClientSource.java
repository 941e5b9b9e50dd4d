package com.crmtelephony.gateway.security;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The gateway is the public edge: what a client says about where it came from, or under which
 * prefix, is not believed. Before any other filter reads the request, every {@code Forwarded},
 * {@code X-Forwarded-*} and {@code X-Real-IP} header is dropped, so neither the access table, nor
 * the router, nor a rate limit, nor a service behind can be steered by one (a client's
 * {@code X-Forwarded-Prefix} once made the access table read another path than the router). The
 * gateway then adds its own X-Forwarded-* for the services on the way out.
 * <p>
 * The client's address is the peer's, unless {@code crm.gateway.trusted-proxy-hops} says that
 * many proxies of the deployment stand in front: then it is the address the outermost of them
 * appended to {@code X-Forwarded-For}. Entries a client wrote itself stand further left and are
 * never read, so rotating them escapes no per-source limit.
 */
@Component
public class ClientSource implements WebFilter, Ordered {

    private static final String ATTRIBUTE = ClientSource.class.getName();
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final int trustedHops;

    ClientSource(GatewaySecurityProperties properties) {
        this.trustedHops = properties.trustedProxyHops();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        exchange.getAttributes().put(ATTRIBUTE, source(request));
        List<String> forwarded = new ArrayList<>();
        for (String name : request.getHeaders().headerNames()) {
            if (isForwarding(name)) {
                forwarded.add(name);
            }
        }
        if (forwarded.isEmpty()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = request.mutate().headers(headers -> forwarded.forEach(headers::remove)).build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    static boolean isForwarding(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.equals("forwarded") || name.startsWith("x-forwarded-") || name.equals("x-real-ip");
    }

    /** The address per-source limits count under, as decided when the request came in. */
    public static String of(ServerWebExchange exchange) {
        String known = exchange.getAttribute(ATTRIBUTE);
        return known != null ? known : peer(exchange.getRequest());
    }

    private String source(ServerHttpRequest request) {
        if (trustedHops == 0) {
            return peer(request);
        }
        List<String> hops = new ArrayList<>();
        for (String value : request.getHeaders().getOrEmpty(X_FORWARDED_FOR)) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        // Each trusted proxy appended the address it was reached from; the outermost appended the client's.
        int client = hops.size() - trustedHops;
        return client >= 0 ? hops.get(client) : peer(request);
    }

    private static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
