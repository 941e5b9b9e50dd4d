package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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

    static final String EUREKA = "http://127.0.0.1:8761/eureka";

    static SuiteProcess suite;

    @BeforeAll
    static void startSuite() {
        suite = Suite.get();
    }

    @Test
    void everyServiceIsRegisteredInEureka() throws Exception {
        JsonNode apps = json.readTree(get(EUREKA + "/apps", Map.of("Accept", "application/json",
                "Authorization", Suite.basic("eureka", Suite.EUREKA_PASSWORD))).body());
        var names = apps.at("/applications/application").valueStream().map(a -> a.get("name").asString()).toList();
        assertThat(names).containsExactlyInAnyOrder("DISCOVERY-SERVER", "CONFIGURATION-SERVICE", "API-GATEWAY",
                "CDR-SERVICE", "PHONEBOOK-SERVICE", "PBX-INTEGRATION-SERVICE", "TENANT-SERVICE", "MOCK-PBX");
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

    /** A neighbour without the registry's credentials can neither read, nor register a fake, nor take one out of service. */
    @Test
    void theRegistryAndTheConfigServerAnswerNoOneWithoutTheirCredentials() throws Exception {
        Map<String, String> eureka = Map.of("Accept", "application/json",
                "Authorization", Suite.basic("eureka", Suite.EUREKA_PASSWORD));
        JsonNode cdr = json.readTree(get(EUREKA + "/apps/CDR-SERVICE", eureka).body()).at("/application/instance/0");
        String instance = cdr.get("instanceId").asString();
        String fake = """
                {"instance":{"instanceId":"fake:cdr-service:6666","hostName":"127.0.0.1","app":"CDR-SERVICE",
                 "ipAddr":"127.0.0.1","status":"UP","port":{"$":6666,"@enabled":"true"},
                 "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}""";
        for (Map<String, String> who : List.of(Map.<String, String>of(),
                Map.of("Authorization", Suite.basic("eureka", "guessed")))) {
            assertThat(get(EUREKA + "/apps", who).statusCode()).isEqualTo(401);
            assertThat(send("POST", EUREKA + "/apps/CDR-SERVICE", who, "application/json", fake).statusCode()).isEqualTo(401);
            assertThat(send("PUT", EUREKA + "/apps/CDR-SERVICE/" + instance + "/status?value=OUT_OF_SERVICE", who, null, null)
                    .statusCode()).isEqualTo(401);
            assertThat(get("http://127.0.0.1:8888/api-gateway/default", who).statusCode()).isEqualTo(401);
            assertThat(get("http://127.0.0.1:8888/cdr-service/demo", who).statusCode()).isEqualTo(401);
        }
        JsonNode after = json.readTree(get(EUREKA + "/apps/CDR-SERVICE", eureka).body()).at("/application/instance");
        assertThat(after.valueStream().map(i -> i.get("instanceId").asString()).toList()).containsExactly(instance);
        assertThat(after.get(0).get("status").asString()).isEqualTo("UP");
        // The config server's health is open, for probes; its answers are for its clients only.
        assertThat(get("http://127.0.0.1:8888/actuator/health/readiness", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("http://127.0.0.1:8888/api-gateway/default",
                Map.of("Authorization", Suite.basic("config", Suite.CONFIG_PASSWORD))).statusCode()).isEqualTo(200);
    }

    /**
     * A neighbour at a service's own port, with the headers the gateway once sent, or with a token
     * it signed itself as "api-gateway": 401 at every service, and nothing read or changed.
     */
    @Test
    void aServicesPortWithHeadersOrAForgedTokenIsRefusedAndChangesNothing() throws Exception {
        UUID tenant = UUID.randomUUID();
        String call = """
                [{"uuid":"direct-1","caller_number":35799000001,"destination_number":"2000","direction":"inbound",
                  "call_start":"2026-11-30T10:00:00Z","action":"HANGUP","recording":"rec-direct-1"}]""";
        assertThat(send("POST", GATEWAY + "/cdr-service/cdr/post", Suite.admin(tenant), "application/json", call)
                .statusCode()).isEqualTo(200);
        String before = get(GATEWAY + "/cdr-service/cdr/get", Suite.admin(tenant)).body();
        assertThat(before).contains("direct-1");

        Map<String, String> headers = Map.of("tenant-uuid", tenant.toString(), "X-Crm-Role", "admin");
        Map<String, String> forged = Map.of("tenant-uuid", tenant.toString(), "Authorization", "Bearer " + forgedToken());
        for (Map<String, String> who : List.of(Map.<String, String>of(), headers, forged)) {
            List<HttpResponse<String>> answers = List.of(
                    get("http://127.0.0.1:8901/cdr/get", who),
                    get("http://127.0.0.1:8901/cdr/reports", who),
                    send("POST", "http://127.0.0.1:8901/cdr/post", who, "application/json", call.replace("direct-1", "direct-2")),
                    send("DELETE", "http://127.0.0.1:8901/cdr/delete?recording=rec-direct-1", who, null, null),
                    get("http://127.0.0.1:8501/phone_book/records", who),
                    send("PUT", "http://127.0.0.1:8501/phone_book/records", who, "application/json",
                            "{\"callerNumber\":\"35799000001\",\"name\":\"Mallory\"}"),
                    get("http://127.0.0.1:9901/pbx/tenants", who),
                    get("http://127.0.0.1:9901/pbx/calls?since=0&limit=1", who));
            assertThat(answers).allSatisfy(r -> {
                assertThat(r.statusCode()).as("%s %s", r.request().method(), r.uri()).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        ct -> assertThat(ct).startsWith("application/problem+json"));
            });
        }
        assertThat(get(GATEWAY + "/cdr-service/cdr/get", Suite.admin(tenant)).body()).isEqualTo(before);
        assertThat(get(GATEWAY + "/phonebook-service/phone_book/records", Suite.admin(tenant)).body()).isEqualTo("[]");
    }

    /** A token with the gateway's claims for any tenant, admin role, signed with a key of the attacker's own. */
    private static String forgedToken() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair key = generator.generateKeyPair();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        long now = java.time.Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"api-gateway\",\"sub\":\"demo-admin\",\"role\":\"admin\","
                + "\"aud\":[\"cdr-service\",\"phonebook-service\",\"pbx-integration-service\"],"
                + "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}").getBytes(StandardCharsets.UTF_8));
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.getPrivate());
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

    /** Beyond health, a service's actuator answers operators only: refresh, env and metrics without the credential are 401. */
    @Test
    void aServicesActuatorWantsTheManagementCredential() throws Exception {
        Map<String, String> wrong = Map.of("Authorization", Suite.basic("management", "guessed"));
        // 8666: the gateway's management port, loopback or not (issue 37).
        for (int port : List.of(8901, 8501, 9901, 8601, 3030, 8666)) {
            for (Map<String, String> who : List.of(Map.<String, String>of(), wrong)) {
                assertThat(send("POST", "http://127.0.0.1:" + port + "/actuator/refresh", who, null, null).statusCode())
                        .as("refresh on %d", port).isEqualTo(401);
                for (String path : List.of("/actuator/env", "/actuator/prometheus", "/actuator")) {
                    HttpResponse<String> r = get("http://127.0.0.1:" + port + path, who);
                    assertThat(r.statusCode()).as("%s on %d", path, port).isEqualTo(401);
                    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                            ct -> assertThat(ct).startsWith("application/problem+json"));
                }
            }
            assertThat(get("http://127.0.0.1:" + port + "/actuator/health/readiness", Map.of()).statusCode()).isEqualTo(200);
            assertThat(get("http://127.0.0.1:" + port + "/actuator/prometheus", Suite.management()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * What the alert rules read (docker/prometheus/alerts.yml) is on each service's metrics page;
     * a rule over a metric nobody writes would never fire.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8901|crm_database_up,crm_jobs_waiting,crm_jobs_queue_capacity,crm_jobs_running,crm_live_streams,"
                    + "crm_live_streams_cap,crm_outbound_endpoints{state=\"failing\",crm_outbound_endpoints{state=\"disabled\","
                    + "crm_outbound_waiting,crm_outbound_oldest_waiting_seconds,"
                    + "crm_sync_last_success_seconds{kind=\"reconciliation\",crm_sync_last_success_seconds{kind=\"nightly\"",
            "9901|crm_database_up,pbx_inbox_backlog,pbx_inbox_oldest_age_seconds",
            "8501|crm_database_up,crm_jobs_waiting,crm_jobs_queue_capacity",
            "8601|crm_database_up",
            "8666|http_server_requests_seconds_count"})
    void theMetricsTheAlertRulesReadAreWritten(int port, String metrics) throws Exception {
        get(GATEWAY + "/cdr-service/v3/api-docs", Map.of());
        HttpResponse<String> page = get("http://127.0.0.1:" + port + "/actuator/prometheus", Suite.management());
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> lines = page.body().lines().filter(l -> !l.startsWith("#")).toList();
        for (String metric : metrics.split(",")) {
            // A name, or a name with one label that a series must carry (among its others).
            String name = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
            String label = metric.contains("{") ? metric.substring(metric.indexOf('{') + 1) : "";
            assertThat(lines).as("%s on %d", metric, port).anyMatch(l -> (l.startsWith(name + "{")
                    || l.startsWith(name + " ")) && l.contains(label));
        }
        if (port == 8901) {
            // Nothing fails and nothing waits on a quiet suite; the database answers.
            assertThat(lines).anyMatch(l -> l.startsWith("crm_database_up") && l.endsWith(" 1.0"));
        }
    }

    /** Read from the kernel's socket table, not by connecting: every port of the suite is bound to 127.0.0.1. */
    @Test
    void everyServiceListensOnLoopbackOnly() throws Exception {
        Map<Integer, String> listening = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(java.nio.file.Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) { // LISTEN
                    String[] local = f[1].split(":");
                    listening.merge(Integer.parseInt(local[1], 16), local[0], (a, b) -> a + "," + b);
                }
            }
        }
        // 127.0.0.1 in the IPv4 table, or as the IPv4-mapped ::ffff:127.0.0.1 of a dual-stack socket.
        List<String> loopback = List.of("0100007F", "0000000000000000FFFF00000100007F");
        for (int port : List.of(8761, 8888, 8665, 8666, 8901, 8501, 9901, 8601, 3030)) {
            assertThat(listening.get(port)).as("port %d", port).isNotNull();
            assertThat(listening.get(port).split(",")).as("port %d", port).isSubsetOf(loopback);
        }
    }

    /** The replaced system documented http://localhost:8901/v2/api-docs for every service's API. */
    @Test
    void theCompatApiDocsPathAnswersOnEveryServiceAndThroughTheGateway() throws Exception {
        for (String url : List.of("http://127.0.0.1:8901/v2/api-docs", "http://127.0.0.1:8501/v2/api-docs",
                "http://127.0.0.1:9901/v2/api-docs", "http://127.0.0.1:8601/v2/api-docs", "http://127.0.0.1:3030/v2/api-docs",
                GATEWAY + "/cdr-service/v2/api-docs", GATEWAY + "/phonebook-service/v2/api-docs")) {
            HttpResponse<String> docs = get(url, Map.of());
            assertThat(docs.statusCode()).as(url).isEqualTo(200);
            assertThat(json.readTree(docs.body()).get("openapi").asString()).as(url).startsWith("3.");
        }
        assertThat(get(GATEWAY + "/cdr-service/v2/api-docs", Map.of()).body()).contains("/cdr-service");
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
                .header("Authorization", Suite.management().get("Authorization"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(refresh.body()).contains("info.service.description");

        JsonNode info = json.readTree(get("http://127.0.0.1:8901/actuator/info", Suite.management()).body());
        assertThat(info.at("/service/description").asString()).isEqualTo(marker);
        awaitRoutedAfterRefresh();
    }

    /**
     * A refresh makes Spring Cloud's Eureka client register the instance again (DOWN, then UP): for
     * a few seconds the gateway may have no instance of it (503). That reaches the gateway within
     * its registry fetch and load-balancer cache (5 s each); the test leaves the suite once the
     * gateway has reached cdr-service for longer than that without a miss.
     */
    private static void awaitRoutedAfterRefresh() {
        long[] routedSince = {System.nanoTime()};
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (get(GATEWAY + "/cdr-service/v3/api-docs", Map.of()).statusCode() != 200) {
                routedSince[0] = System.nanoTime();
            }
            return Duration.ofNanos(System.nanoTime() - routedSince[0]).toSeconds() >= 11;
        });
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never the all-zero (invalid) id
        return bytes;
    }
}
