package com.crmtelephony.gateway.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.crmtelephony.gateway.error.Problems;

/**
 * The gateway's management port is the operator's, as every service's is: but for health (which
 * probes ask without credentials), its actuator wants HTTP Basic with the management credential
 * ({@code crm.management.user}/{@code password}), else 401 problem+json. Being on loopback is not
 * enough: refresh re-reads the keys and routes, and any local process could ask for it. Without a
 * configured credential nothing but health answers (fail closed). The public port serves no
 * actuator, so a request there is left to the routes' rules.
 */
@Component
class ManagementCredentials implements WebFilter, Ordered {

    private final byte[] expected;
    private final String user;
    private final Environment environment;
    private final Problems problems;

    ManagementCredentials(@Value("${crm.management.user:management}") String user,
                          @Value("${crm.management.password:}") String password,
                          Environment environment, Problems problems) {
        this.user = user;
        this.expected = password.isEmpty() ? null : ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.environment = environment;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (!(path.equals("/actuator") || path.startsWith("/actuator/")) || !onManagementPort(exchange)) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (expected != null && presented != null
                && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            // The operator, as health's show-details: when-authorized looks for them.
            Principal operator = () -> user;
            return chain.filter(exchange.mutate().principal(Mono.just(operator)).build());
        }
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return chain.filter(exchange);
        }
        return problems.refuse(exchange, HttpStatus.UNAUTHORIZED, "The actuator needs the management credential",
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"management\""));
    }

    /**
     * The port the management server listens on, once it does ({@code local.management.port});
     * where it shares the public port, that one.
     */
    private boolean onManagementPort(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        String management = environment.getProperty("local.management.port");
        if (local == null || management == null) {
            return true;
        }
        return Integer.toString(local.getPort()).equals(management);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 3;
    }
}
