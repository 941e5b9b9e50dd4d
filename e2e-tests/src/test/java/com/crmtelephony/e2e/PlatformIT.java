package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.http;
import static com.crmtelephony.e2e.Suite.json;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;

/** The seven services started as processes, checked through the gateway as a client sees them. */
class PlatformIT {

    static SuiteProcess suite;

    @BeforeAll
    static void startSuite() {
        suite = Suite.get();
    }

    @Test
    void everyServiceIsRegisteredInEureka() throws Exception {
        JsonNode apps = json.readTree(get("http://127.0.0.1:8761/eureka/apps", Map.of("Accept", "application/json")).body());
        var names = apps.at("/applications/application").valueStream().map(a -> a.get("name").asString()).toList();
        assertThat(names).containsExactlyInAnyOrder("DISCOVERY-SERVER", "CONFIGURATION-SERVICE", "API-GATEWAY",
                "CDR-SERVICE", "PHONEBOOK-SERVICE", "PBX-INTEGRATION-SERVICE", "MOCK-PBX");
    }

    @ParameterizedTest
    @CsvSource({"cdr-service,/cdr", "phonebook-service,/phone_book", "pbx-integration-service,/pbx"})
    void eachPrefixReachesItsServiceWithTheTraceIdPropagated(String service, String basePath) throws Exception {
        // API docs come from the service itself, with the gateway's prefix as their server URL.
        HttpResponse<String> docs = get(GATEWAY + "/" + service + "/v3/api-docs", Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = json.readTree(docs.body());
        assertThat(api.at("/servers/0/url").asString()).isEqualTo(GATEWAY + "/" + service);
        // Documented as callers see it: the service's name, and the gateway's API key.
        assertThat(api.at("/info/title").asString()).isEqualTo(service);
        assertThat(api.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(api.at("/security/0/apiKey").isArray()).isTrue();
        // Answers come whole (Content-Length, not chunks) with an ETag; asking with that tag gets 304.
        assertThat(docs.headers().firstValueAsLong("Content-Length"))
                .hasValue(docs.body().getBytes(StandardCharsets.UTF_8).length);
        String etag = docs.headers().firstValue("ETag").orElseThrow();
        assertThat(get(GATEWAY + "/" + service + "/v3/api-docs", Map.of("If-None-Match", etag)).statusCode())
                .isEqualTo(304);

        // A client-supplied W3C trace context flows gateway -> service, into its answer and its log.
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String path = "/" + service + basePath + "/no-such-endpoint-" + UUID.randomUUID();
        HttpResponse<String> missing = get(GATEWAY + path, Map.of("X-API-Key", Suite.ADMIN_KEY,
                "traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(missing.body());
        assertThat(problem.get("instance").asString()).isEqualTo(path);
        assertThat(problem.get("traceId").asString()).isEqualTo(traceId);
        assertThat(Files.readString(suite.log(service))).contains(traceId);
        assertThat(missing.headers().firstValue("X-Trace-Id")).hasValue(traceId);

        // Without a client trace the gateway starts one, and the service continues it.
        HttpResponse<String> fresh = get(GATEWAY + path, Map.of("X-API-Key", Suite.ADMIN_KEY));
        String gatewayTrace = fresh.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(gatewayTrace).isNotEqualTo(traceId).hasSize(32);
        assertThat(json.readTree(fresh.body()).get("traceId").asString()).isEqualTo(gatewayTrace);
        assertThat(Files.readString(suite.log(service))).contains(gatewayTrace);
    }

    @Test
    void aRequestsTraceGoesOnToEveryServiceItReaches() throws Exception {
        // A sync for a tenant the PBX does not know: cdr-service asks pbx-integration-service,
        // which asks mock-pbx, and the refusal comes back through each of them, which log it.
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        HttpResponse<String> refused = send("POST", GATEWAY + "/cdr-service/cdr/update_cdr", Map.of(
                "X-API-Key", Suite.ADMIN_KEY, "tenant-uuid", UUID.randomUUID().toString(),
                "traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01"), null, null);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json.readTree(refused.body()).get("traceId").asString()).isEqualTo(traceId);
        for (String service : new String[] {"cdr-service", "pbx-integration-service", "mock-pbx"}) {
            assertThat(Files.readString(suite.log(service))).as(service).contains(traceId);
        }
    }

    @Test
    void actuatorsAndInfrastructureAreNotReachableThroughTheGateway() throws Exception {
        for (String path : new String[] {"/cdr-service/actuator/health", "/phonebook-service/actuator/env",
                "/discovery-server/eureka/apps", "/configuration-service/cdr-service/default", "/eureka/apps"}) {
            HttpResponse<String> r = get(GATEWAY + path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("\"status\":404").doesNotContain("UP");
        }
    }

    @Test
    void theAggregatedSwaggerUiIsServedByTheGateway() throws Exception {
        assertThat(get(GATEWAY + "/swagger-ui/index.html", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(GATEWAY + "/v3/api-docs/swagger-config", Map.of()).body())
                .contains("/cdr-service/v3/api-docs", "/phonebook-service/v3/api-docs",
                        "/pbx-integration-service/v3/api-docs");
    }

    @Test
    void aValueChangedInTheServedRepositoryIsWhatTheServiceSees() throws Exception {
        String marker = "changed-" + UUID.randomUUID();
        Files.writeString(suite.configRepo.resolve("cdr-service.yml"),
                "\n---\ninfo:\n  service:\n    description: " + marker + "\n", StandardOpenOption.APPEND);

        HttpResponse<String> refresh = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8901/actuator/refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(refresh.body()).contains("info.service.description");

        JsonNode info = json.readTree(get("http://127.0.0.1:8901/actuator/info", Map.of()).body());
        assertThat(info.at("/service/description").asString()).isEqualTo(marker);
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never the all-zero (invalid) id
        return bytes;
    }
}
