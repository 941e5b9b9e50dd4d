package com.crmtelephony.cdr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

import com.crmtelephony.testsupport.LoopbackStub;

/**
 * pbx-integration-service as cdr-service sees it (a MockWebServer): each tenant's calls (snake_case maps, as the
 * PBX sends them) served page by page from a cursor, or all at once like the original PBX.
 */
public final class PbxIntegrationStub extends Dispatcher {

    public enum Mode { PAGED, ALL_AT_ONCE, DOWN }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Map<UUID, List<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PAGED);
    /** Pages served before the stub goes down (negative: never). */
    private final AtomicInteger pagesBeforeDown = new AtomicInteger(-1);
    private final AtomicInteger requests = new AtomicInteger();
    /** The W3C trace header of each page request ("none" without one). */
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    /** The epoch the PBX names in its pages; null: none (a PBX whose cursor is a position in its calls). */
    private final AtomicReference<String> epoch = new AtomicReference<>();
    /** The Authorization header of each request ("none" without one). */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final MockWebServer server = LoopbackStub.start(this);


    public String url() {
        return LoopbackStub.url(server);
    }

    void reset() {
        calls.clear();
        mode.set(Mode.PAGED);
        pagesBeforeDown.set(-1);
        requests.set(0);
        traceparents.clear();
        authorizations.clear();
        refused.clear();
        erasures.clear();
        epoch.set(null);
    }

    public List<Map<String, Object>> calls(UUID tenant) {
        return calls.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    }

    public void mode(Mode newMode) {
        mode.set(newMode);
    }

    public void downAfterPages(int pages) {
        pagesBeforeDown.set(pages);
    }

    /** Tenants whose pulls pbx-integration-service refuses, as it does when the PBX answers for another. */
    public Set<UUID> refused() {
        return refused;
    }

    public AtomicReference<String> epoch() {
        return epoch;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    public List<String> traceparents() {
        return traceparents;
    }

    public int requests() {
        return requests.get();
    }

    /** A call as the PBX sends it. */
    public static Map<String, Object> pbxCall(String uuid, long callerNumber, String callerName, String action) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("uuid", uuid);
        call.put("caller_number", callerNumber);
        call.put("destination_number", 100);
        call.put("caller_name", callerName);
        call.put("direction", "inbound");
        call.put("call_start", "2024-05-01T10:00:00.000Z");
        call.put("action", action);
        return call;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return switch (request.getUrl().encodedPath()) {
            case "/pbx/calls" -> calls(request);
            case "/pbx/tenants" -> respond(200, List.copyOf(calls.keySet()));
            case "/pbx/erasures" -> erase(request);
            default -> new MockResponse.Builder().code(404).build();
        };
    }

    /** The numbers of each erasure asked for, as sent. */
    private final List<String> erasures = new java.util.concurrent.CopyOnWriteArrayList<>();

    public List<String> erasures() {
        return erasures;
    }

    private MockResponse erase(RecordedRequest request) {
        if (mode.get() == Mode.DOWN) {
            return respond(503, Map.of("status", 503, "detail", "pbx-integration-service is unavailable"));
        }
        erasures.add(request.getBody().utf8());
        return respond(200, Map.of("webhooks", 2, "pending", 0));
    }

    private MockResponse calls(RecordedRequest request) {
        requests.incrementAndGet();
        traceparents.add(Objects.requireNonNullElse(request.getHeaders().get("traceparent"), "none"));
        authorizations.add(Objects.requireNonNullElse(request.getHeaders().get("Authorization"), "none"));
        if (mode.get() == Mode.DOWN || pagesBeforeDown.getAndUpdate(n -> n > 0 ? n - 1 : n) == 0) {
            return respond(503, Map.of("status", 503, "detail", "pbx is unavailable"));
        }
        UUID tenant = UUID.fromString(request.getHeaders().get("tenant-uuid"));
        if (refused.contains(tenant)) {
            return respond(409, Map.of("status", 409, "detail", "The PBX answered for tenant 00000000-0000-0000-0000-000000000000, "
                    + "not for tenant " + tenant + ": nothing of its answer is passed on or stored"));
        }
        List<Map<String, Object>> all = calls(tenant);
        if (mode.get() == Mode.ALL_AT_ONCE) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("total", all.size());
            page.put("next", null);
            page.put("data", all);
            return respond(200, page);
        }
        int since = Integer.parseInt(request.getUrl().queryParameter("since"));
        int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
        List<Map<String, Object>> data = new ArrayList<>(all.subList(Math.min(since, all.size()), Math.min(since + limit, all.size())));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", all.size());
        page.put("next", since + data.size());
        if (epoch.get() != null) {
            page.put("epoch", epoch.get());
        }
        page.put("data", data);
        return respond(200, page);
    }

    private static MockResponse respond(int status, Object body) {
        return new MockResponse.Builder().code(status)
                .setHeader("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                .body(json.writeValueAsString(body)).build();
    }
}
