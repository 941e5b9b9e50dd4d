package com.crmtelephony.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crmtelephony.support.webhook.WebhookSignature;

import static com.crmtelephony.e2e.Suite.GATEWAY;
import static com.crmtelephony.e2e.Suite.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of "fail closed at the edge", sent raw (paths as written, headers as sent) to the
 * running suite: non-canonical paths against every admin and actuator endpoint through the
 * gateway (none may reach a service, counted by the services' own request metrics) and straight
 * at each service; input no store can hold; bodies over their limits, chunked too; webhooks
 * unsigned, re-aimed and for strangers; wrong keys until they are rate-limited. The stored
 * calls, contacts and tenants are counted before and after.
 */
class EdgeAttacksIT {

    static final int GATEWAY_PORT = 8665;
    static final Map<String, Integer> SERVICES = Map.of(
            "cdr-service", 8901, "phonebook-service", 8501, "pbx-integration-service", 9901, "tenant-service", 8601);
    static final String TENANT = "11111111-1111-4111-8111-111111111111";
    static final String OTHER = "22222222-2222-4222-8222-222222222222";
    static final Map<String, String> TENANT_KEY = Map.of("X-API-Key", Suite.TENANT_KEYS.get(TENANT));
    static final String WEBHOOK_SECRET = System.getProperty("e2e.webhook-secret", SuiteProcess.WEBHOOK_SECRET);

    /** Admin-only endpoints and services' actuators, as the gateway's public paths. */
    static final List<String> GUARDED = List.of(
            "/cdr-service/cdr/reports", "/pbx-integration-service/pbx/tenants",
            "/cdr-service/actuator/prometheus", "/cdr-service/actuator/env", "/cdr-service/actuator/refresh",
            "/phonebook-service/actuator/env", "/phonebook-service/actuator/prometheus",
            "/pbx-integration-service/actuator/env", "/pbx-integration-service/actuator/refresh",
            "/tenant-service/tenants/audit", "/tenant-service/actuator/env");

    @BeforeAll
    static void suite() {
        Suite.ready();
    }

    /** Each way the issue names of writing a path so that a rule matching text might miss it. */
    static Set<String> variants(String path, boolean withCase) {
        Set<String> out = new LinkedHashSet<>();
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i <= segments.length; i++) {
            out.add(join(segments, i, "/")); // '//' before segment i, and at the end
            if (i > 0 && i < segments.length) {
                out.add(join(segments, i, "./"));
                out.add(join(segments, i, "x/../"));
                out.add(join(segments, i, "x/%2e%2e/"));
                out.add(join(segments, i, "%2E/"));
                out.add(replaceSlash(path, i, "%2f"));
                out.add(replaceSlash(path, i, "%2F"));
                out.add(replaceSlash(path, i, "%5c"));
                out.add(replaceSlash(path, i, "\\"));
            }
        }
        out.add(path + "%00");
        out.add(path + "%2500");
        out.add(path + ";x=1");
        out.add(path.replaceFirst("^(/[^/]+)", "$1;jsessionid=1"));
        out.add(path + "/");
        out.add(path + "/.");
        out.add("/./" + path.substring(1));
        out.add("/../" + path.substring(1));
        if (withCase) {
            out.add(path.toUpperCase(Locale.ROOT));
            String[] head = path.split("/", 3);
            out.add("/" + head[1] + "/" + head[2].toUpperCase(Locale.ROOT));
        }
        out.remove(path);
        return out;
    }

    /** The path with the slash before segment {@code at} (from 0) written as {@code token}. */
    private static String replaceSlash(String path, int at, String token) {
        int slash = -1;
        for (int i = 0; i <= at; i++) {
            slash = path.indexOf('/', slash + 1);
        }
        return path.substring(0, slash) + token + path.substring(slash + 1);
    }

    /** The segments joined with {@code extra} inserted before segment {@code at}. */
    private static String join(String[] segments, int at, String extra) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            b.append('/').append(i == at ? extra : "").append(segments[i]);
        }
        if (at == segments.length) {
            b.append('/').append(extra);
        }
        return b.toString();
    }

    /** Requests a service answered, by its own metrics, leaving out the actuator calls that read them. */
    /**
     * What the services' background work sends each other while a test runs, never a caller's
     * path: webhook events forwarded to cdr-service, its name lookups and change feed reads at the
     * phone book, its syncs at pbx-integration-service. Earlier tests' calls may still be flowing.
     */
    static final List<String> BACKGROUND = List.of("uri=\"/cdr/post\"", "uri=\"/phone_book/records/lookup\"",
            "uri=\"/phone_book/records/changes\"", "uri=\"/pbx/calls\"", "uri=\"/pbx/tenants\"",
            // An event stream an earlier test left is counted when the service notices it closed
            // (at its next keep-alive, up to 15 s later), whenever that falls.
            "uri=\"/cdr/events\"",
            // The gateway asking the registry again about a key in use, every 5 s whatever the test
            // does: its answers (200, 404), not a refusal a routed request would get (403).
            "status=\"200\",uri=\"/keys/lookup\"", "status=\"404\",uri=\"/keys/lookup\"",
            // pbx-integration-service reading the PBX connections and reporting what it saw of each
            // PBX, every 5 s: answered 200; a refusal (403) a stranger's token would get still counts.
            "status=\"200\",uri=\"/pbx-connections\"", "status=\"200\",uri=\"/pbx-connections/status\"",
            "status=\"200\",uri=\"/pbx-connections/import\"",
            // cdr-service and phonebook-service reading a tenant's profile again (every 30 s while
            // the tenant is in use): found, or not a registered tenant.
            "status=\"200\",uri=\"/profiles/{id}\"", "status=\"404\",uri=\"/profiles/{id}\"");

    /** What a service has served, per metric line (method, uri, status), but its actuator and background work. */
    static Map<String, Long> servedRequests(int port) throws Exception {
        String metrics = get("http://127.0.0.1:" + port + "/actuator/prometheus", Suite.management()).body();
        Map<String, Long> served = new java.util.TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && !line.contains("uri=\"/actuator")
                    && BACKGROUND.stream().noneMatch(line::contains)) {
                served.put(line.substring(0, line.lastIndexOf(' ')),
                        Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
            }
        }
        return served;
    }

    static Map<String, Long> stored() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>(GatewayBadInputIT.counts());
        counts.put("tenants", (long) Suite.body(get(GATEWAY + "/cdr-service/cdr/reports",
                Map.of("X-API-Key", Suite.ADMIN_KEY))).size());
        return counts;
    }

    @Test
    void nonCanonicalPathsThroughTheGatewayReachNoServiceAndEachIsRefused() throws Exception {
        Map<String, Map<String, Long>> before = new java.util.HashMap<>();
        for (Map.Entry<String, Integer> s : SERVICES.entrySet()) {
            before.put(s.getKey(), servedRequests(s.getValue()));
        }
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String guarded : GUARDED) {
            for (String variant : variants(guarded, true)) {
                for (String method : guarded.endsWith("refresh") ? List.of("POST") : List.of("GET", "POST")) {
                    RawHttp.Response r;
                    try {
                        r = RawHttp.send(GATEWAY_PORT, method, variant, TENANT_KEY,
                                method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null);
                    } catch (java.io.IOException e) {
                        failures.add(method + " " + variant + " -> " + e);
                        continue;
                    } finally {
                        sent++;
                    }
                    if (!Set.of(400, 403, 404, 405).contains(r.status()) || !r.isProblem()) {
                        failures.add(method + " " + variant + " -> " + r.status() + " " + r.header("Content-Type"));
                    } else if (r.status() == 400 && !r.body().contains("request")) {
                        failures.add(method + " " + variant + " -> 400 without saying why: " + r.body());
                    }
                }
            }
        }
        assertThat(failures).as("of %d raw requests", sent).isEmpty();
        assertThat(sent).isGreaterThan(400);
        for (Map.Entry<String, Integer> s : SERVICES.entrySet()) {
            assertThat(servedRequests(s.getValue())).as("requests that reached %s", s.getKey())
                    .isEqualTo(before.get(s.getKey()));
        }
    }

    @Test
    void everyServiceRefusesTheSamePathsWithoutTheGateway() throws Exception {
        // The business services and the platform's two: registry and config server.
        Map<String, List<String>> own = Map.of(
                "cdr-service", List.of("/cdr/reports", "/actuator/env"),
                "phonebook-service", List.of("/phone_book/records", "/actuator/env"),
                "pbx-integration-service", List.of("/pbx/tenants", "/actuator/refresh"),
                "tenant-service", List.of("/tenants", "/actuator/env"),
                "discovery-server", List.of("/eureka/apps", "/actuator/env"),
                "configuration-service", List.of("/cdr-service/demo", "/actuator/env"));
        Map<String, Integer> ports = new java.util.HashMap<>(SERVICES);
        ports.put("discovery-server", 8761);
        ports.put("configuration-service", 8888);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String>> s : own.entrySet()) {
            int port = ports.get(s.getKey());
            for (String path : s.getValue()) {
                for (String variant : variants(path, false)) {
                    if (s.getKey().equals("discovery-server") && variant.equals(path + "/")) {
                        continue; // Eureka's own clients end paths with '/': the one rule the registry relaxes
                    }
                    RawHttp.Response r = RawHttp.send(port, "GET", variant,
                            Map.of("tenant-uuid", TENANT, "X-Crm-Role", "admin"), null);
                    if (r.status() != 400 || !r.isProblem()) {
                        failures.add(s.getKey() + " GET " + variant + " -> " + r.status() + " " + r.header("Content-Type"));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void inputNoStoreCanHoldIs4xxNamingTheFieldAndChangesNothing() throws Exception {
        Map<String, Long> before = stored();
        Map<String, String> json = Map.of("X-API-Key", Suite.TENANT_KEYS.get(TENANT), "Content-Type", "application/json");
        record Bad(String path, String method, String contentType, byte[] body, int status, String names) {
        }
        List<Bad> bad = List.of(
                new Bad("/cdr-service/cdr/put", "PUT", "application/json",
                        "{\"uuid\":\"edge-1\",\"domain_name\":\"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8), 422, "domainName"),
                new Bad("/cdr-service/cdr/put", "PUT", "application/json",
                        "{\"uuid\":\"edge-2\",\"call_start\":\"+99999-05-01T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8), 422, "callStart"),
                new Bad("/cdr-service/cdr/post", "POST", "application/json",
                        bytes("[{\"uuid\":\"edge-3\",\"caller_name\":\"", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}]"), 400, "callerName"),
                new Bad("/phonebook-service/phone_book/records", "PUT", "application/json",
                        "{\"callerNumber\":\"35799000777\",\"name\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8), 422, "name"),
                new Bad("/phonebook-service/phone_book/records/import", "POST", "text/csv",
                        bytes("name,email,number\nJos", new byte[] {(byte) 0xE9}, ",,35799000778\n"), 400, "UTF-8"));
        List<String> failures = new ArrayList<>();
        for (Bad b : bad) {
            RawHttp.Response r = RawHttp.send(GATEWAY_PORT, b.method(), b.path(),
                    Map.of("X-API-Key", json.get("X-API-Key"), "Content-Type", b.contentType()), b.body());
            if (r.status() != b.status() || !r.isProblem() || !r.body().contains(b.names())) {
                failures.add(b.method() + " " + b.path() + " -> " + r.status() + " " + r.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void bodiesOverTheirLimitAre413ChunkedOrNotAndStoreNothing() throws Exception {
        Map<String, Long> before = stored();
        byte[] eleven = batch(11 * 1024 * 1024);
        Map<String, String> headers = Map.of("X-API-Key", Suite.TENANT_KEYS.get(TENANT), "Content-Type", "application/json");
        for (boolean chunked : new boolean[] {false, true}) {
            RawHttp.Response r = RawHttp.send(null, GATEWAY_PORT, "POST", "/cdr-service/cdr/post", headers, eleven, chunked);
            assertThat(r.status()).as("gateway, chunked=%s", chunked).isEqualTo(413);
            assertThat(r.isProblem()).isTrue();
        }
        byte[] overWebhook = batch(1024 * 1024 + 100);
        RawHttp.Response webhook = RawHttp.send(null, GATEWAY_PORT, "POST", "/pbx-integration-service/pbx/webhook",
                Map.of("Tenant-UUID", TENANT, "Content-Type", "application/json"), overWebhook, true);
        assertThat(webhook.status()).isEqualTo(413);
        // Straight at the services without a token: 401 before any of the body is taken in. The
        // services' own limits for a caller with a token are their module tests'.
        RawHttp.Response cdr = RawHttp.send(null, 8901, "POST", "/cdr/post",
                Map.of("tenant-uuid", TENANT, "Content-Type", "application/json"), eleven, true);
        assertThat(cdr.status()).isEqualTo(401);
        assertThat(cdr.isProblem()).isTrue();
        StringBuilder csv = new StringBuilder("name,email,number\n");
        String padding = "x".repeat(560);
        for (int i = 0; csv.length() < 1024 * 1024; i++) {
            csv.append("Edge Agent ").append(i).append(padding).append(",,3579")
                    .append(String.format("%07d", i % 10_000_000)).append('\n');
        }
        RawHttp.Response phonebook = RawHttp.send(null, 8501, "POST", "/phone_book/records/import",
                Map.of("tenant-uuid", TENANT, "Content-Type", "text/csv"), csv.toString().getBytes(StandardCharsets.UTF_8), true);
        assertThat(phonebook.status()).isEqualTo(401);
        assertThat(phonebook.isProblem()).isTrue();
        // The webhook needs no token (its signature is checked): its limit applies first.
        RawHttp.Response pbx = RawHttp.send(null, 9901, "POST", "/pbx/webhook",
                Map.of("Tenant-UUID", TENANT, "Content-Type", "application/json"), overWebhook, true);
        assertThat(pbx.status()).isEqualTo(413);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void webhooksUnsignedReAimedOrForStrangersAreRefusedAndMalformedOnesDoNotTripTheBreaker() throws Exception {
        Map<String, Long> before = stored();
        String path = "/pbx-integration-service/pbx/webhook";
        String call = "{\"uuid\":\"edge-webhook-1\",\"action\":\"HANGUP\",\"caller_number\":35799000999}";
        Map<String, String> plain = Map.of("Tenant-UUID", TENANT, "Content-Type", "application/json");
        assertThat(RawHttp.send(GATEWAY_PORT, "POST", path, plain, call.getBytes(StandardCharsets.UTF_8)).status())
                .as("unsigned").isEqualTo(401);
        assertThat(deliver(OTHER, TENANT, "msg_edge_1", call).status()).as("signed for tenant 1, aimed at 2").isEqualTo(401);
        String stranger = "77777777-7777-4777-8777-777777777777";
        assertThat(deliver(stranger, stranger, "msg_edge_2", call).status()).as("a tenant the PBX does not serve")
                .isEqualTo(403);
        for (int i = 0; i < 8; i++) {
            RawHttp.Response nul = deliver(TENANT, TENANT, "msg_edge_nul_" + i,
                    "{\"uuid\":\"edge-webhook-2\",\"domain_name\":\"a\\u0000b\"}");
            assertThat(nul.status()).isEqualTo(422);
            assertThat(nul.body()).contains("domain_name");
        }
        assertThat(stored()).isEqualTo(before);
        // After all of it the intake still works: the breaker to cdr-service stayed closed.
        assertThat(deliver(TENANT, TENANT, "msg_edge_3", call).status()).isEqualTo(200);
        // Stored in the inbox before the 200; in cdr-service once the forwarder has sent it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Suite.get(GATEWAY + "/cdr-service/cdr/get?page=0&size=1000",
                        Map.of("X-API-Key", Suite.TENANT_KEYS.get(TENANT))).body()).contains("edge-webhook-1"));
    }

    @Test
    void wrongKeysAreRateLimitedPerSourceWhileValidKeysPass() throws Exception {
        String source = "127.0.0.2"; // an address of its own: the other tests' wrong keys come from 127.0.0.1
        int first429 = -1;
        for (int i = 1; i <= 400 && first429 < 0; i++) {
            RawHttp.Response r = RawHttp.send(source, GATEWAY_PORT, "GET", "/cdr-service/cdr/get?page=0&size=1",
                    Map.of("X-API-Key", "wrong-" + i), null, false);
            assertThat(r.status()).isIn(401, 429);
            if (r.status() == 429) {
                first429 = i;
                assertThat(r.header("Retry-After")).isNotBlank();
                assertThat(r.isProblem()).isTrue();
            }
        }
        assertThat(first429).as("wrong keys from one source are limited after a burst").isGreaterThan(1).isLessThan(400);
        RawHttp.Response valid = RawHttp.send(source, GATEWAY_PORT, "GET", "/cdr-service/cdr/get?page=0&size=1",
                TENANT_KEY, null, false);
        assertThat(valid.status()).as("a valid key from the same source").isEqualTo(200);
        RawHttp.Response otherSource = RawHttp.send("127.0.0.3", GATEWAY_PORT, "GET", "/cdr-service/cdr/get?page=0&size=1",
                Map.of("X-API-Key", "wrong"), null, false);
        assertThat(otherSource.status()).as("another source").isEqualTo(401);
    }

    private static RawHttp.Response deliver(String tenantHeader, String signedFor, String id, String body) throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.forTenant(WEBHOOK_SECRET, UUID.fromString(signedFor)).sign(id, now, body);
        return RawHttp.send(GATEWAY_PORT, "POST", "/pbx-integration-service/pbx/webhook", Map.of(
                "Tenant-UUID", tenantHeader, "Content-Type", "application/json", WebhookSignature.ID, id,
                WebhookSignature.TIMESTAMP, Long.toString(now), WebhookSignature.SIGNATURE, signature),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] batch(int atLeast) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; b.length() < atLeast; i++) {
            b.append(i == 0 ? "" : ",").append("{\"uuid\":\"edge-big-").append(i).append("\",\"action\":\"RING\"}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + raw.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(raw, 0, out, a.length, raw.length);
        System.arraycopy(c, 0, out, a.length + raw.length, c.length);
        return out;
    }

    /**
     * Issue 37, the edge believes no forwarded header: each sent raw, with and without a key, on a
     * path the access table would read differently if it did. Nothing reaches a service without a
     * valid key; a tenant key reaches no admin path.
     */
    @Test
    void forwardedHeadersSteerNeitherTheAccessTableNorTheRouter() throws Exception {
        for (String header : List.of("X-Forwarded-Prefix: /cdr-service", "X-Forwarded-For: 127.0.0.1", "X-Forwarded-Host: localhost:8901",
                "Forwarded: for=127.0.0.1;host=localhost:8901;proto=http", "X-Forwarded-Path: /cdr-service/cdr/reports")) {
            String name = header.substring(0, header.indexOf(':'));
            String value = header.substring(header.indexOf(':') + 1).strip();
            RawHttp.Response unprefixed = RawHttp.send(GATEWAY_PORT, "GET", "/cdr/reports", Map.of(name, value), null);
            assertThat(unprefixed.status()).as(header + " on /cdr/reports").isIn(400, 401, 404);
            assertThat(unprefixed.body()).doesNotContain("tenant_uuid").doesNotContain("total_number_of_calls");
            RawHttp.Response noKey = RawHttp.send(GATEWAY_PORT, "GET", "/cdr-service/cdr/reports", Map.of(name, value), null);
            assertThat(noKey.status()).as(header + " without a key").isIn(401, 429);
            assertThat(String.valueOf(noKey.header("WWW-Authenticate"))).as("refused at the gateway, not by a service").doesNotStartWith("Bearer");
            Map<String, String> withKey = new java.util.HashMap<>(TENANT_KEY);
            withKey.put(name, value);
            assertThat(RawHttp.send(GATEWAY_PORT, "GET", "/cdr-service/cdr/reports", withKey, null).status())
                    .as(header + " with a tenant key on an admin path").isEqualTo(403);
        }
    }

    /** Per-source limits count the peer: a new X-Forwarded-For (or Forwarded, X-Real-IP) on every wrong key buys nothing. */
    @Test
    void rotatingForwardedAddressesEscapesNoPerSourceLimit() throws Exception {
        // From a loopback address of its own, so that no other test's wrong keys count here.
        String from = "127.0.0.77";
        int limited = 0;
        // The burst, then 30 more: the bucket refills at one a second while they go (a second or three).
        for (int i = 0; i < SuiteProcess.AUTH_FAILURE_BURST + 30; i++) {
            String spoofed = "198.51.100." + (i % 250);
            RawHttp.Response r = RawHttp.send(from, GATEWAY_PORT, "GET", "/cdr-service/cdr/get",
                    Map.of("X-API-Key", "wrong-" + i, "X-Forwarded-For", spoofed, "Forwarded", "for=" + spoofed, "X-Real-IP", spoofed),
                    null, false);
            assertThat(r.status()).isIn(401, 429);
            limited += r.status() == 429 ? 1 : 0;
        }
        assertThat(limited).as("refused past the source's burst, whatever it said it forwarded for").isGreaterThanOrEqualTo(20);
    }
}
