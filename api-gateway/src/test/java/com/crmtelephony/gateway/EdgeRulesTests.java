package com.crmtelephony.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's edge rules, with requests written byte for byte (ordinary clients normalise paths). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "management.server.port=0",
        "crm.gateway.max-request-size=1KB",
        "crm.gateway.auth-failure-limit.requests-per-second=0.01",
        "crm.gateway.auth-failure-limit.burst=3"})
class EdgeRulesTests extends GatewayTest {

    static final String TENANT_KEY = "crm-demo-tenant1-key";

    /** One request as written, on its own connection; the answer's status line and the rest. */
    String raw(String requestHead, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestHead + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String get(String path, String key) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\nX-API-Key: " + key + "\r\n", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cdr-service//cdr/get", "//cdr-service/cdr/get", "/cdr-service/cdr/./get",
            "/cdr-service/x/../cdr/get", "/cdr-service/x/%2e%2e/cdr/get", "/cdr-service/cdr%2fget", "/cdr-service/cdr%5cget",
            "/cdr-service/cdr/get%00", "/cdr-service/cdr/get;x=1", "/cdr-service/cdr/get/", "/cdr-service/cdr\\get",
            "/cdr-service/cdr/g|et"})
    void aNonCanonicalPathIs400ProblemAndReachesNoService(String path) throws IOException {
        String answer = get(path, TENANT_KEY);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(downstream.received).isEmpty();
    }

    /** The console's files are served without a key: no written form of a path reaches past them. */
    @ParameterizedTest
    @ValueSource(strings = {"/console/../application.yml", "/console/..%2fapplication.yml", "/console/%2e%2e/application.yml",
            "/console/%2E%2E%2F%2E%2E%2Fetc/passwd", "/console/..%5capplication.yml", "/console/..\\application.yml",
            "//console/console.js", "/console//console.js", "/console/./console.js", "/console/console.js%00.html",
            "/console/console.js;.css", "/%2e/console/console.js", "/console/console.js/../../config-repo/api-gateway.yml"})
    void noPathBeyondTheConsolesFilesIsServed(String path) throws IOException {
        String answer = raw("GET " + path + " HTTP/1.1\r\n", null);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .doesNotContain("key-secret").doesNotContain("root:").doesNotContain("sync-now");
        assertThat(downstream.received).isEmpty();
        assertThat(raw("GET /console/console.js HTTP/1.1\r\n", null)).as("the file itself, written plainly")
                .startsWith("HTTP/1.1 200").contains("sync-now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cdr-service/CDR/REPORTS", "/CDR-SERVICE/cdr/reports", "/pbx-integration-service/PBX/Tenants"})
    void adminPathsMatchWhateverTheirCase(String path) throws IOException {
        assertThat(get(path, TENANT_KEY)).startsWith("HTTP/1.1 403");
        assertThat(downstream.received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cdr-service/ACTUATOR/env", "/cdr-service/Actuator/prometheus"})
    void actuatorsAreNotRoutedWhateverTheirCase(String path) throws IOException {
        assertThat(get(path, TENANT_KEY)).startsWith("HTTP/1.1 404");
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aChunkedBodyIsCountedAndRefusedPastTheLimit() throws IOException {
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            chunks.append("200\r\n").append("x".repeat(512)).append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        String answer = raw("POST /cdr-service/cdr/post HTTP/1.1\r\nX-API-Key: " + TENANT_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunks.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("1024 bytes");
    }

    @Test
    void wrongKeysAreLimitedPerSourceButAValidKeyStillPasses() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/cdr-service/cdr/get", "wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        assertThat(get("/cdr-service/cdr/get", "wrong-4")).startsWith("HTTP/1.1 429").contains("Retry-After");
        assertThat(get("/cdr-service/cdr/get", TENANT_KEY)).startsWith("HTTP/1.1 200");
    }
}
