package com.crmtelephony.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.crmtelephony.testsupport.LoopbackStub;
import com.crmtelephony.testsupport.TestTokens;

/**
 * The tenant registry as the gateway sees it (tenant-service's /keys/lookup and /keys/import, a
 * MockWebServer): keys by HMAC, added by the gateway's import or by a test; it answers only the
 * gateway's own token (issuer api-gateway-keys, signed with the gateway's key) and records every
 * body it was sent. {@link #down} makes it answer 503 to everything.
 */
final class Registry extends Dispatcher {

    /** A key as tenant-service holds it. */
    record Key(UUID id, String name, UUID tenant, String role, boolean suspended, Double requestsPerSecond, Integer burst,
               Instant expiresAt) {

        static Key tenant(String name, String tenant, String role) {
            return new Key(UUID.randomUUID(), name, UUID.fromString(tenant), role, false, null, null, null);
        }

        Key suspended(boolean suspended) {
            return new Key(id, name, tenant, role, suspended, requestsPerSecond, burst, expiresAt);
        }

        Key rate(double perSecond, int burst) {
            return new Key(id, name, tenant, role, suspended, perSecond, burst, expiresAt);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Map<String, Key> keys = new ConcurrentHashMap<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    volatile boolean down;
    private final MockWebServer server = LoopbackStub.start(this);

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
        bodies.add(body);
        if (down) {
            return answer(503, "{\"status\":503}");
        }
        String authorization = request.getHeaders().get("Authorization");
        try {
            Map<String, Object> claims = TestTokens.verifiedClaims(authorization, TestTokens.GATEWAY);
            if (!"api-gateway-keys".equals(claims.get("iss")) || !((List<?>) claims.get("aud")).contains("tenant-service")) {
                return answer(403, "{}");
            }
        } catch (AssertionError e) {
            return answer(401, "{}");
        }
        JsonNode json = JSON.readTree(body);
        return switch (request.getTarget()) {
            case "/keys/lookup" -> lookup(json.get("hmac").asString());
            case "/keys/import" -> {
                int added = 0;
                for (JsonNode k : json.get("keys")) {
                    UUID tenant = k.has("tenant") ? UUID.fromString(k.get("tenant").asString()) : null;
                    Key key = new Key(UUID.randomUUID(), k.get("name").asString(), tenant, tenant == null ? "admin" : "tenant",
                            false, null, null, null);
                    added += keys.putIfAbsent(k.get("hmac").asString(), key) == null ? 1 : 0;
                }
                yield answer(200, "{\"added\":" + added + "}");
            }
            default -> answer(404, "{}");
        };
    }

    private MockResponse lookup(String hmac) {
        Key key = keys.get(hmac);
        if (key == null) {
            return answer(404, "{}");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", key.id().toString());
        answer.put("name", key.name());
        answer.put("tenant", key.tenant() == null ? null : key.tenant().toString());
        answer.put("role", key.role());
        answer.put("expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString());
        answer.put("suspended", key.suspended());
        answer.put("requestsPerSecond", key.requestsPerSecond());
        answer.put("burst", key.burst());
        return answer(200, JSON.writeValueAsString(answer));
    }

    private static MockResponse answer(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    String url() {
        return LoopbackStub.url(server);
    }

    Key byName(String name) {
        return keys.values().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    String hmacOf(String name) {
        return keys.entrySet().stream().filter(e -> e.getValue().name().equals(name)).map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
