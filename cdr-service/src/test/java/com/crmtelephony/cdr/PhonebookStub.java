package com.crmtelephony.cdr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.crmtelephony.testsupport.LoopbackStub;

/**
 * phonebook-service's lookup endpoint as cdr-service sees it over HTTP (a MockWebServer):
 * contacts per tenant, and switches to make it fail or hang.
 */
public final class PhonebookStub extends Dispatcher {

    public enum Mode { UP, ERROR, SLOW }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Map<UUID, Map<String, String>> contacts = new ConcurrentHashMap<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);
    /** Sizes of the lookup requests received, to check batching. */
    private final List<Integer> requestSizes = new CopyOnWriteArrayList<>();
    /** The W3C trace header of each lookup request ("none" without one). */
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    /** The Authorization header of each request ("none" without one). */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final MockWebServer server = LoopbackStub.start(this);


    public Map<UUID, Map<String, String>> contacts() {
        return contacts;
    }

    public AtomicReference<Mode> mode() {
        return mode;
    }

    public List<Integer> requestSizes() {
        return requestSizes;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    public List<String> traceparents() {
        return traceparents;
    }

    public String url() {
        return LoopbackStub.url(server);
    }

    public void reset() {
        contacts.clear();
        mode.set(Mode.UP);
        requestSizes.clear();
        traceparents.clear();
        authorizations.clear();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!"/phone_book/records/lookup".equals(request.getUrl().encodedPath())) {
            return new MockResponse.Builder().code(404).build();
        }
        traceparents.add(Objects.requireNonNullElse(request.getHeaders().get("traceparent"), "none"));
        authorizations.add(Objects.requireNonNullElse(request.getHeaders().get("Authorization"), "none"));
        MockResponse.Builder answer = new MockResponse.Builder();
        switch (mode.get()) {
            case ERROR -> {
                return answer.code(500).build();
            }
            case SLOW -> answer.headersDelay(5, TimeUnit.SECONDS);
            case UP -> { }
        }
        UUID tenant = UUID.fromString(request.getHeaders().get("tenant-uuid"));
        List<String> numbers = json.readValue(request.getBody().utf8(), new TypeReference<List<String>>() { });
        requestSizes.add(numbers.size());
        Map<String, String> book = contacts.getOrDefault(tenant, Map.of());
        List<Map<String, String>> matches = numbers.stream().filter(book::containsKey)
                .map(n -> Map.of("number", n, "callerNumber", n, "name", book.get(n))).toList();
        return answer.code(200).setHeader("Content-Type", "application/json").body(json.writeValueAsString(matches)).build();
    }
}
