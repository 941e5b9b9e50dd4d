package com.crmtelephony.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one running suite all end-to-end tests share (started on first use, stopped when the
 * test JVM exits), and the HTTP helpers they talk to it with.
 */
final class Suite {

    static final String GATEWAY = "http://127.0.0.1:8665";
    static final String MOCK_PBX = "http://127.0.0.1:3030";

    /**
     * The demo keys of config-repo/api-gateway.yml (docs/security.md), which the local run's
     * gateway hands to the registry; against compose, the keys scripts/compose-check.sh issued
     * through the registry's API ({@code -De2e.admin-key}, {@code -De2e.tenant-keys=id=key,...}).
     */
    static final String ADMIN_KEY = System.getProperty("e2e.admin-key", "crm-demo-admin-key");
    static final Map<String, String> TENANT_KEYS = tenantKeys(System.getProperty("e2e.tenant-keys",
            "11111111-1111-4111-8111-111111111111=crm-demo-tenant1-key,"
                    + "22222222-2222-4222-8222-222222222222=crm-demo-tenant2-key,"
                    + "33333333-3333-4333-8333-333333333333=crm-demo-tenant3-key"));
    /**
     * The registry's and the config server's credentials: the demo ones that scripts/suite.sh
     * sets in its demo run, or what {@code -De2e.eureka-password} and {@code -De2e.config-password} say.
     */
    static final String EUREKA_PASSWORD = System.getProperty("e2e.eureka-password", "crm-demo-eureka");
    static final String CONFIG_PASSWORD = System.getProperty("e2e.config-password", "crm-demo-config");
    /** The services' management credential: the demo profile's, or {@code -De2e.management-password}. */
    static final String MANAGEMENT_PASSWORD = System.getProperty("e2e.management-password", "crm-demo-management");
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper json = JsonMapper.builder().build();

    private static Map<String, String> tenantKeys(String list) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (String pair : list.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            keys.put(parts[0], parts[1]);
        }
        return Map.copyOf(keys);
    }

    private static SuiteProcess process;
    private static RuntimeException failure;

    private Suite() {
    }

    /**
     * With {@code -De2e.external=true} the tests run against a suite someone else started (the
     * compose stack in CI); otherwise the suite is started as processes on first use.
     */
    static final boolean EXTERNAL = Boolean.getBoolean("e2e.external");

    /** Makes sure a suite is up; tests that only talk to it over HTTP call this. */
    private static com.crmtelephony.testsupport.WebhookReceiver receiver;

    /** The tenants' webhook receiver on loopback, one for the whole run (its port is an allowed target of the suite's). */
    static synchronized com.crmtelephony.testsupport.WebhookReceiver receiver() {
        if (receiver == null) {
            receiver = new com.crmtelephony.testsupport.WebhookReceiver(SuiteProcess.WEBHOOK_RECEIVER_PORT);
        }
        return receiver;
    }

    static void ready() {
        if (!EXTERNAL) {
            get();
        }
    }

    /** The suite as processes, for tests that read its logs, change its files or stop a service. */
    static synchronized SuiteProcess get() {
        if (EXTERNAL) {
            throw new IllegalStateException("This test controls the suite's processes; it cannot run with -De2e.external");
        }
        if (failure != null) {
            throw failure;
        }
        if (process == null) {
            SuiteProcess started = new SuiteProcess();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "suite-stop"));
            try {
                started.start();
            } catch (Exception e) {
                failure = new IllegalStateException("The suite did not start", e);
                throw failure;
            }
            process = started;
        }
        return process;
    }

    /** The one URL every pbx-integration-service instance subscribes: the gateway's webhook route. */
    static final String WEBHOOK_ROUTE = "http://localhost:8665/pbx-integration-service/pbx/webhook";

    /**
     * Waits until pbx-integration-service has subscribed the gateway's route to mock-pbx, signed,
     * for each of its tenants (each connection subscribes for its own tenant, once mock-pbx is up).
     */
    static void awaitSignedSubscription() {
        for (String tenant : List.of("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                "33333333-3333-4333-8333-333333333333")) {
            awaitSignedSubscription("http://127.0.0.1:3030", tenant);
        }
    }

    /** Waits until the PBX at {@code pbx} has the gateway's route subscribed, signed, for the tenant. */
    static void awaitSignedSubscription(String pbx, String tenant) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                body(get(pbx + "/webhooks", Map.of())).valueStream()
                        .anyMatch(s -> s.get("url").asString().equals(WEBHOOK_ROUTE) && s.get("signed").asBoolean()
                                && tenant.equals(s.path("tenant").asString(null))));
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        return send("GET", url, headers, null, null);
    }

    static HttpResponse<String> send(String method, String url, Map<String, String> headers, String contentType,
                                     String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP Basic credentials, as the header value. */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The header that opens a service's actuator (beyond health). */
    static Map<String, String> management() {
        return Map.of("Authorization", basic("management", MANAGEMENT_PASSWORD));
    }

    /** Headers of an admin acting for {@code tenant} (admins may name any tenant). */
    static Map<String, String> admin(java.util.UUID tenant) {
        return Map.of("X-API-Key", ADMIN_KEY, "tenant-uuid", tenant.toString());
    }

    /** Headers of a demo tenant's own key (the gateway sets tenant-uuid from it). */
    static Map<String, String> tenantKey(String tenant) {
        return Map.of("X-API-Key", TENANT_KEYS.get(tenant));
    }

    static JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
