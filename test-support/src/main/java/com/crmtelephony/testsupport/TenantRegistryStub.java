package com.crmtelephony.testsupport;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * tenant-service as the services holding tenants' data see it: {@code GET /profiles/{id}} with the
 * region, zone and shares of the tenants a test registers (404 for any other, 503 for all while
 * {@link #down}); it records each request's path and Authorization header.
 */
public final class TenantRegistryStub extends Dispatcher {

    /** A tenant's profile as the registry gives it; shares: only those set. */
    public record Profile(String region, String timeZone, Map<String, Integer> shares) {
    }

    public final Map<UUID, Profile> profiles = new ConcurrentHashMap<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final List<String> paths = new CopyOnWriteArrayList<>();
    public volatile boolean down;
    private final MockWebServer server = LoopbackStub.start(this);

    public void put(UUID tenant, String region, String timeZone, Map<String, Integer> shares) {
        profiles.put(tenant, new Profile(region, timeZone, shares));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        authorizations.add(String.valueOf(request.getHeaders().get("Authorization")));
        String path = request.getUrl().encodedPath();
        paths.add(path);
        if (down) {
            return new MockResponse.Builder().code(503).build();
        }
        Profile profile = null;
        if (path.startsWith("/profiles/")) {
            try {
                profile = profiles.get(UUID.fromString(path.substring("/profiles/".length())));
            } catch (IllegalArgumentException notAnId) {
                profile = null;
            }
        }
        if (profile == null) {
            return new MockResponse.Builder().code(404).setHeader("Content-Type", "application/problem+json").body("{}").build();
        }
        StringBuilder shares = new StringBuilder();
        profile.shares().forEach((share, limit) -> shares.append(shares.isEmpty() ? "" : ",")
                .append('"').append(share).append("\":").append(limit));
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"" + path.substring("/profiles/".length()) + "\",\"region\":\"" + profile.region()
                        + "\",\"timeZone\":\"" + profile.timeZone() + "\",\"suspended\":false,\"shares\":{" + shares + "}}")
                .build();
    }

    public String url() {
        return LoopbackStub.url(server);
    }

    /** Up again, with nothing recorded; the tenants registered stay (each test has its own). */
    public void reset() {
        down = false;
        authorizations.clear();
        paths.clear();
    }
}
