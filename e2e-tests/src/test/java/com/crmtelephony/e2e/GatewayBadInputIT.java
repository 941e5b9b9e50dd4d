package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.body;
import static com.crmtelephony.e2e.Suite.get;
import static com.crmtelephony.e2e.Suite.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public endpoint against every kind of bad request, through the gateway of the running
 * suite: each gets its documented 4xx as problem+json, and the stored data of the tenants
 * involved is counted before and after and must not change.
 */
class GatewayBadInputIT {

    static final String OWNER = "11111111-1111-4111-8111-111111111111";
    static final String OTHER = "22222222-2222-4222-8222-222222222222";
    static final String OWNER_KEY = Suite.TENANT_KEYS.get(OWNER);

    record Endpoint(String method, String path, String contentType, String validBody, boolean adminOnly) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/cdr-service/cdr/get", null, null, false),
            new Endpoint("GET", "/cdr-service/cdr/export", null, null, false),
            new Endpoint("POST", "/cdr-service/cdr/post", "application/json", "[{\"uuid\":\"bad-input-probe\"}]", false),
            new Endpoint("PUT", "/cdr-service/cdr/put", "application/json", "{\"uuid\":\"bad-input-probe\"}", false),
            new Endpoint("DELETE", "/cdr-service/cdr/delete?recording=nothing", null, null, false),
            new Endpoint("GET", "/cdr-service/cdr/report", null, null, false),
            new Endpoint("GET", "/cdr-service/cdr/reports", null, null, true),
            new Endpoint("POST", "/cdr-service/cdr/update_cdr", null, null, false),
            new Endpoint("GET", "/phonebook-service/phone_book/records", null, null, false),
            new Endpoint("GET", "/phonebook-service/phone_book/records/35799000001", null, null, false),
            new Endpoint("POST", "/phonebook-service/phone_book/records", "application/json",
                    "[{\"callerNumber\":\"35799555000\",\"name\":\"Probe\"}]", false),
            new Endpoint("PUT", "/phonebook-service/phone_book/records", "application/json",
                    "{\"callerNumber\":\"35799555000\",\"name\":\"Probe\"}", false),
            new Endpoint("DELETE", "/phonebook-service/phone_book/records", "application/json", "[\"35799555000\"]", false),
            new Endpoint("POST", "/phonebook-service/phone_book/records/import", "text/csv",
                    "name,email,number\nProbe,,35799555000\n", false),
            new Endpoint("POST", "/phonebook-service/phone_book/records/lookup", "application/json", "[\"35799555000\"]", false),
            new Endpoint("GET", "/phonebook-service/phone_book/records/changes?after=1", null, null, false),
            new Endpoint("GET", "/pbx-integration-service/pbx/get_cdr", null, null, false),
            new Endpoint("GET", "/pbx-integration-service/pbx/trigger_webhooks", null, null, false),
            new Endpoint("GET", "/pbx-integration-service/pbx/calls", null, null, false),
            new Endpoint("GET", "/pbx-integration-service/pbx/tenants", null, null, true));

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    /** Calls and contacts of the demo tenants, counted through the admin key. */
    static Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (String tenant : Suite.TENANT_KEYS.keySet()) {
            Map<String, String> admin = Suite.admin(UUID.fromString(tenant));
            counts.put("calls " + tenant, Long.parseLong(get(GATEWAY + "/cdr-service/cdr/get?page=0&size=1", admin)
                    .headers().firstValue("X-Total-Count").orElseThrow()));
            counts.put("contacts " + tenant, Long.parseLong(get(GATEWAY + "/phonebook-service/phone_book/records?page=0&size=1", admin)
                    .headers().firstValue("X-Total-Count").orElseThrow()));
        }
        return counts;
    }

    static HttpResponse<String> call(Endpoint e, Map<String, String> headers) throws Exception {
        return send(e.method(), GATEWAY + e.path(), headers, e.contentType(), e.validBody());
    }

    static void expectProblem(String what, HttpResponse<String> response, int status, List<String> failures) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != status || !type.startsWith("application/problem+json")) {
            failures.add(what + ": expected " + status + " problem+json, got " + response.statusCode() + " " + type
                    + " " + response.body());
        }
    }

    @Test
    void noKeyWrongKeyForeignTenantAndNonAdminAreRefusedEverywhereAndChangeNothing() throws Exception {
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            String at = e.method() + " " + e.path();
            expectProblem(at + " without key", call(e, Map.of()), 401, failures);
            expectProblem(at + " with a wrong key", call(e, Map.of("X-API-Key", OWNER_KEY + "x")), 401, failures);
            expectProblem(at + " for a foreign tenant", call(e, Map.of("X-API-Key", OWNER_KEY, "tenant-uuid", OTHER)),
                    403, failures);
            expectProblem(at + " with a malformed tenant", call(e, Map.of("X-API-Key", OWNER_KEY, "tenant-uuid", "x' or '1'='1")),
                    403, failures);
            if (e.adminOnly()) {
                expectProblem(at + " with a tenant key", call(e, Map.of("X-API-Key", OWNER_KEY)), 403, failures);
            } else if (!e.path().startsWith("/pbx-integration-service")) {
                // Admins must name the tenant of tenant-scoped endpoints, as a valid UUID.
                expectProblem(at + " as admin with a malformed tenant",
                        call(e, Map.of("X-API-Key", Suite.ADMIN_KEY, "tenant-uuid", "not-a-uuid")), 400, failures);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void malformedWronglyTypedInvalidAndOversizedBodiesAreRefusedAndChangeNothing() throws Exception {
        Map<String, Long> before = counts();
        Map<String, String> owner = Map.of("X-API-Key", OWNER_KEY);
        List<String> failures = new ArrayList<>();
        String cdr = GATEWAY + "/cdr-service/cdr";
        String book = GATEWAY + "/phonebook-service/phone_book/records";
        Object[][] cases = {
                {"POST", cdr + "/post", "application/json", "[{\"uuid\":", 400},
                {"POST", cdr + "/post", "application/json", "{\"uuid\":\"not-a-list\"}", 400},
                {"POST", cdr + "/post", "application/json", "[{\"uuid\":\"t1\",\"duration\":\"long\"}]", 400},
                {"POST", cdr + "/post", "application/json", "[{\"uuid\":\"t1\",\"call_start\":\"noon\"}]", 400},
                {"POST", cdr + "/post", "application/json", "[{\"uuid\":\"ok-1\"},{\"uuid\":\"t2\",\"direction\":\"up\"}]", 422},
                {"PUT", cdr + "/put", "application/json", "{\"uuid\":\"" + "x".repeat(65) + "\"}", 422},
                {"PUT", cdr + "/put", "application/json",
                        "{\"uuid\":\"t3\",\"call_start\":\"2024-01-01T10:00:00Z\",\"call_end\":\"2024-01-01T09:00:00Z\"}", 422},
                {"PUT", cdr + "/put", "application/json", "{\"uuid\":\"t4'; drop table call_record; --\"}", 422},
                {"PUT", cdr + "/put", "text/plain", "uuid=t5", 415},
                {"GET", cdr + "/get?from=yesterday", null, null, 400},
                {"GET", cdr + "/get?page=-1", null, null, 400},
                {"GET", cdr + "/get?direction=sideways", null, null, 400},
                {"GET", cdr + "/get?number=call-me", null, null, 400},
                {"GET", cdr + "/get?cursor=bm90LWEtY3Vyc29y", null, null, 400},
                {"GET", cdr + "/get?page=1&cursor=abc", null, null, 400},
                {"GET", cdr + "/export?answered=maybe", null, null, 400},
                {"GET", cdr + "/export?action=DIALLING", null, null, 400},
                {"GET", cdr + "/report?tz=Mars/Olympus", null, null, 400},
                {"GET", cdr + "/report?service_level_seconds=121", null, null, 400},
                {"GET", cdr + "/report?short_abandon_seconds=-1", null, null, 400},
                {"GET", cdr + "/report?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", null, null, 400},
                {"DELETE", cdr + "/delete?recording=no-such-recording", null, null, 404},
                {"DELETE", cdr + "/delete", null, null, 400},
                {"POST", book, "application/json", "[{\"callerNumber\":\"35799555001\",\"name\":\"\"}]", 422},
                {"POST", book, "application/json", "[{\"callerNumber\":\"12\",\"name\":\"Short\"}]", 422},
                {"POST", book, "application/json", "[{\"callerNumber\":\"35799555002\",\"name\":\"A\",\"emailId\":\"nope\"}]", 422},
                {"POST", book, "application/json", "[{\"callerNumber\":{\"a\":1},\"name\":\"A\"}]", 422},
                {"PUT", book, "application/json", "{\"callerNumber\":", 400},
                {"DELETE", book, "application/json", "[{\"name\":\"no number\"}]", 422},
                {"GET", book + "/35799999998", null, null, 404},
                {"GET", book + "?size=0", null, null, 400},
                {"POST", book + "/import", "text/csv", "Probe,,35799555003\n", 400},
                {"POST", book + "/import", "text/csv", "name,email,number\n\"Probe,,35799555003\n", 400},
                {"POST", book + "/import", "application/pdf", "%PDF", 415},
                {"POST", book + "/lookup", "application/json", "{\"numbers\":[]}", 400},
                {"GET", GATEWAY + "/pbx-integration-service/pbx/calls?limit=0", null, null, 400},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = send((String) c[0], (String) c[1], owner, (String) c[2], (String) c[3]);
            expectProblem(c[0] + " " + c[1] + " " + c[3], r, (Integer) c[4], failures);
        }
        expectProblem("an oversized body", oversized(cdr + "/post"), 413, failures);
        assertThat(failures).isEmpty();
        assertThat(counts()).isEqualTo(before);
    }

    /**
     * Announces an 11 MB body and sends only its first bytes: the gateway must refuse on the
     * Content-Length alone, before reading (and before any service sees) the body.
     */
    static HttpResponse<String> oversized(String url) throws Exception {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nX-API-Key: " + OWNER_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (11 * 1024 * 1024)
                    + "\r\nConnection: close\r\n\r\n[";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, List<String>> headers = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
            return new RawResponse(status, java.net.http.HttpHeaders.of(headers, (a, b) -> true));
        }
    }

    /** Just enough of a response for {@link #expectProblem}. */
    record RawResponse(int statusCode, java.net.http.HttpHeaders headers) implements HttpResponse<String> {
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public java.net.http.HttpClient.Version version() { return java.net.http.HttpClient.Version.HTTP_1_1; }
    }

    @Test
    void injectionStringsAreStoredLiterallyNeverExecuted() throws Exception {
        Map<String, String> admin = Suite.admin(UUID.randomUUID());
        String name = "Robert'); DROP TABLE call_record; --<script>alert(1)</script>";
        HttpResponse<String> stored = send("PUT", GATEWAY + "/cdr-service/cdr/put", admin, "application/json",
                "{\"uuid\":\"inject-1\",\"callerName\":\"" + name.replace("\"", "\\\"") + "\"}");
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(body(stored).get("callerName").asString()).isEqualTo(name);
        HttpResponse<String> contact = send("PUT", GATEWAY + "/phonebook-service/phone_book/records", admin, "application/json",
                "{\"callerNumber\":\"35799555004\",\"name\":\"" + name.replace("\"", "\\\"") + "\"}");
        assertThat(body(contact).get("name").asString()).isEqualTo(name);
        JsonNode found = body(get(GATEWAY + "/phonebook-service/phone_book/records?q=" + java.net.URLEncoder.encode(
                "'); DROP", java.nio.charset.StandardCharsets.UTF_8), admin));
        assertThat(found.size()).isEqualTo(1);
        // The tables are still there for everyone else.
        assertThat(get(GATEWAY + "/cdr-service/cdr/get?page=0&size=1", Suite.admin(UUID.fromString(OWNER))).statusCode())
                .isEqualTo(200);
    }
}
