package com.crmtelephony.gateway.security;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address a request counts under, and that no forwarded header of the client's goes on. */
class ClientSourceTests {

    static GatewaySecurityProperties hops(int trusted) {
        return new GatewaySecurityProperties(List.of(), "secret",
                List.of(new AccessRules.Rule(AccessRules.Access.TENANT, List.of("/**"))),
                null, null, null, null, null, null, trusted);
    }

    /** The exchange the next filter saw, and the source it was given. */
    static ServerWebExchange through(int trusted, MockServerHttpRequest request) {
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        new ClientSource(hops(trusted)).filter(MockServerWebExchange.from(request), exchange -> {
            seen.set(exchange);
            return Mono.empty();
        }).block();
        return seen.get();
    }

    static MockServerHttpRequest.BaseBuilder<?> fromPeer(String address) {
        return MockServerHttpRequest.get("/cdr-service/cdr/get").remoteAddress(new InetSocketAddress(address, 40000));
    }

    @Test
    void withNoTrustedProxyThePeerCountsAndEveryForwardingHeaderIsDropped() {
        ServerWebExchange seen = through(0, fromPeer("192.0.2.10")
                .header("X-Forwarded-For", "198.51.100.1").header("x-forwarded-prefix", "/cdr-service")
                .header("FORWARDED", "for=198.51.100.1").header("X-Real-IP", "198.51.100.1")
                .header("X-Forwarded-Host", "evil").header("X-API-Key", "kept").build());
        assertThat(ClientSource.of(seen)).isEqualTo("192.0.2.10");
        assertThat(seen.getRequest().getHeaders().headerNames()).containsExactly("X-API-Key");
    }

    @Test
    void behindOneTrustedProxyTheAddressItAppendedCounts() {
        ServerWebExchange seen = through(1, fromPeer("10.0.0.5")
                .header("X-Forwarded-For", "198.51.100.1, 198.51.100.2", "203.0.113.7").build());
        assertThat(ClientSource.of(seen)).as("the client wrote the first two itself").isEqualTo("203.0.113.7");
        assertThat(seen.getRequest().getHeaders().containsHeader("X-Forwarded-For")).isFalse();
    }

    @Test
    void behindTwoTrustedProxiesTheOutermostsEntryCounts() {
        ServerWebExchange seen = through(2, fromPeer("10.0.0.5")
                .header("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.4").build());
        assertThat(ClientSource.of(seen)).isEqualTo("203.0.113.7");
    }

    @Test
    void fewerEntriesThanTrustedProxiesFallBackToThePeer() {
        assertThat(ClientSource.of(through(2, fromPeer("10.0.0.5").header("X-Forwarded-For", "203.0.113.7").build())))
                .isEqualTo("10.0.0.5");
        assertThat(ClientSource.of(through(1, fromPeer("10.0.0.5").build()))).isEqualTo("10.0.0.5");
    }
}
