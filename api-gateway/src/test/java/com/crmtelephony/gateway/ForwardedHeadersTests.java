package com.crmtelephony.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge reads no forwarded header of a client's (issue 37, "the gateway trusts forwarded
 * headers"), and its management port wants the operator's credential. Requests are written byte
 * for byte, headers as an attacker sends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.management.password=test-management-password",
        "crm.gateway.auth-failure-limit.requests-per-second=0.01",
        "crm.gateway.auth-failure-limit.burst=3"})
class ForwardedHeadersTests extends GatewayTest {

    static final String TENANT_KEY = "crm-demo-tenant1-key";
    static final String OPERATOR = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("management:test-management-password".getBytes(StandardCharsets.UTF_8));

    @LocalManagementPort
    int managementPort;

    String raw(int toPort, String requestHead) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", toPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestHead + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String raw(String requestHead) throws IOException {
        return raw(port, requestHead);
    }

    /** The report's attack: a prefix that once made the access table read /cdr/reports (open) and the router /cdr-service/cdr/reports. */
    @ParameterizedTest
    @ValueSource(strings = {"", "X-API-Key: " + TENANT_KEY + "\r\n"})
    void aForwardedPrefixReachesNoService(String key) throws IOException {
        for (String header : new String[] {"X-Forwarded-Prefix: /cdr-service", "X-Forwarded-Prefix: /cdr-service/",
                "Forwarded: for=1.2.3.4;host=127.0.0.1;proto=http", "X-Forwarded-Path: /cdr-service/cdr/reports"}) {
            String answer = raw("GET /cdr/reports HTTP/1.1\r\n" + key + header + "\r\n");
            assertThat(answer).as(header).doesNotStartWith("HTTP/1.1 200").doesNotContain("\"ok\":true");
        }
        assertThat(downstream.received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Prefix: /cdr-service", "X-Forwarded-For: 127.0.0.1", "X-Forwarded-Host: localhost",
            "X-Forwarded-Proto: https", "X-Forwarded-Port: 8666", "Forwarded: for=127.0.0.1;host=localhost", "X-Real-IP: 127.0.0.1"})
    void withoutAKeyNoForwardedHeaderReachesAService(String header) throws IOException {
        // 429 once this class's wrong-key requests have used the source's burst: refused either way.
        assertThat(raw("GET /cdr-service/cdr/get HTTP/1.1\r\n" + header + "\r\n")).as(header).matches("(?s)HTTP/1.1 (401|429).*");
        assertThat(raw("GET /cdr-service/cdr/reports HTTP/1.1\r\nX-API-Key: " + TENANT_KEY + "\r\n" + header + "\r\n"))
                .as(header + " on an admin path with a tenant key").startsWith("HTTP/1.1 403");
        assertThat(downstream.received).isEmpty();
    }

    /** With a valid key the request is routed, and the service sees the gateway's forwarded headers, none of the client's. */
    @Test
    void aServiceSeesOnlyTheGatewaysForwardedHeaders() throws IOException {
        String answer = raw("GET /cdr-service/cdr/get HTTP/1.1\r\nX-API-Key: " + TENANT_KEY + "\r\n"
                + "X-Forwarded-Prefix: /evil\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-For: 203.0.113.9\r\n"
                + "X-Forwarded-Proto: gopher\r\nForwarded: for=203.0.113.9;host=evil.example\r\nX-Real-IP: 203.0.113.9\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(downstream.received).hasSize(1);
        Downstream.Received received = downstream.received.get(0);
        assertThat(received.headers().toString()).doesNotContain("evil").doesNotContain("203.0.113.9").doesNotContain("gopher");
        assertThat(received.header("forwarded")).isNull();
        assertThat(received.header("x-real-ip")).isNull();
        assertThat(received.header("x-forwarded-prefix")).isEqualTo("/cdr-service");
    }

    /** Per-source limits count the peer: a new X-Forwarded-For on every wrong key buys no new allowance. */
    @Test
    void rotatingForwardedAddressesEscapesNoPerSourceLimit() throws IOException {
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            String answer = raw("GET /cdr-service/cdr/get HTTP/1.1\r\nX-API-Key: wrong-" + i + "\r\n"
                    + "X-Forwarded-For: 198.51.100." + i + "\r\nForwarded: for=198.51.100." + i + "\r\nX-Real-IP: 198.51.100." + i + "\r\n");
            assertThat(answer).matches("(?s)HTTP/1.1 (401|429).*");
            refused += answer.startsWith("HTTP/1.1 429") ? 1 : 0;
        }
        assertThat(refused).as("past the burst of 3, whatever the forwarded headers said").isGreaterThanOrEqualTo(3);
        assertThat(downstream.received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /actuator/refresh", "POST /actuator/busrefresh", "GET /actuator/prometheus",
            "GET /actuator/env", "GET /actuator"})
    void theManagementPortWantsTheOperatorsCredential(String request) throws IOException {
        String answer = raw(managementPort, request + " HTTP/1.1\r\nContent-Length: 0\r\n");
        assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").contains("Basic realm=");
        String wrong = raw(managementPort, request + " HTTP/1.1\r\nContent-Length: 0\r\nAuthorization: Basic bWFuYWdlbWVudDp3cm9uZw==\r\n");
        assertThat(wrong).startsWith("HTTP/1.1 401");
    }

    @Test
    void theOperatorReadsMetricsAndProbesNeedNoCredential() throws IOException {
        assertThat(raw(managementPort, "GET /actuator/prometheus HTTP/1.1\r\nAuthorization: " + OPERATOR + "\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThat(raw(managementPort, "GET /actuator/health/liveness HTTP/1.1\r\n")).startsWith("HTTP/1.1 200");
    }
}
