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
    /** Every tenant and number asked about, as "tenant:number". */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** The W3C trace header of each lookup request ("none" without one). */
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    /** The Authorization header of each request ("none" without one). */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<UUID, String>> changes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean feed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger feedRequests = new java.util.concurrent.atomic.AtomicInteger();
    /** The phone book's E.164 key of a number; by default the number itself. */
    private final AtomicReference<java.util.function.UnaryOperator<String>> keys =
            new AtomicReference<>(java.util.function.UnaryOperator.identity());
    private final MockWebServer server = LoopbackStub.start(this);

    /** Keys numbers as a phone book of a region does, so that several written forms share a key. */
    public void keyNumbersWith(java.util.function.UnaryOperator<String> key) {
        keys.set(key);
    }


    public Map<UUID, Map<String, String>> contacts() {
        return contacts;
    }

    public AtomicReference<Mode> mode() {
        return mode;
    }

    /** Every number asked about for {@code tenant}, in the order asked. */
    public List<String> askedAbout(UUID tenant) {
        return asked.stream().filter(a -> a.startsWith(tenant + ":")).map(a -> a.substring(a.indexOf(':') + 1)).toList();
    }

    public List<Integer> requestSizes() {
        return requestSizes;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    /** The Authorization header of each erasure asked for. */
    private final List<String> erasureAuthorizations = new CopyOnWriteArrayList<>();

    public List<String> erasureAuthorizations() {
        return erasureAuthorizations;
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
        asked.clear();
        traceparents.clear();
        authorizations.clear();
        feed.set(false);
        feedRequests.set(0);
        erasures.clear();
        erasureAuthorizations.clear();
        keys.set(java.util.function.UnaryOperator.identity());
    }

    /**
     * The change feed's answers: by default incomplete (forget everything: every report asks
     * about every number again, which the tests of the report's figures count on); a test that
     * follows the feed switches it on and records its changes with {@link #changed}.
     */
    public void followChanges() {
        feed.set(true);
    }

    /** A contact of the number changed (after a test edited {@link #contacts()}). */
    public void changed(UUID tenant, String number) {
        changes.add(Map.entry(tenant, number));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if ("/phone_book/records/changes".equals(path)) {
            return changes(request);
        }
        if ("/phone_book/erasures".equals(path)) {
            erasureAuthorizations.add(Objects.requireNonNullElse(request.getHeaders().get("Authorization"), "none"));
            return erase(request);
        }
        if (!"/phone_book/records/lookup".equals(path)) {
            return new MockResponse.Builder().code(404).build();
        }
        traceparents.add(Objects.requireNonNullElse(request.getHeaders().get("traceparent"), "none"));
        authorizations.add(Objects.requireNonNullElse(request.getHeaders().get("Authorization"), "none"));
        if (mode.get() == Mode.ERROR) {
            return new MockResponse.Builder().code(500).build();
        }
        MockResponse.Builder answer = answerInMode();
        UUID tenant = UUID.fromString(request.getHeaders().get("tenant-uuid"));
        List<String> numbers = json.readValue(request.getBody().utf8(), new TypeReference<List<String>>() { });
        requestSizes.add(numbers.size());
        numbers.forEach(n -> asked.add(tenant + ":" + n));
        Map<String, String> book = contacts.getOrDefault(tenant, Map.of());
        boolean unmatched = "true".equals(request.getUrl().queryParameter("unmatched"));
        // Contacts are stored under their key.
        java.util.function.UnaryOperator<String> key = keys.get();
        List<Map<String, String>> matches = numbers.stream().filter(n -> unmatched || (key.apply(n) != null && book.containsKey(key.apply(n))))
                .map(n -> key.apply(n) != null && book.containsKey(key.apply(n))
                        ? Map.of("number", n, "callerNumber", key.apply(n), "name", book.get(key.apply(n)),
                                "normalizedNumber", key.apply(n))
                        : key.apply(n) == null ? Map.of("number", n)
                        : Map.of("number", n, "normalizedNumber", key.apply(n))).toList();
        return answer.code(200).setHeader("Content-Type", "application/json").body(json.writeValueAsString(matches)).build();
    }

    /** An answer as the mode has it: at once, or after 5 s (ERROR answers 500 before this). */
    private MockResponse.Builder answerInMode() {
        MockResponse.Builder answer = new MockResponse.Builder();
        if (mode.get() == Mode.SLOW) {
            answer.headersDelay(5, TimeUnit.SECONDS);
        }
        return answer;
    }

    private MockResponse changes(RecordedRequest request) {
        feedRequests.incrementAndGet();
        if (mode.get() == Mode.ERROR) {
            return new MockResponse.Builder().code(500).build();
        }
        MockResponse.Builder answer = answerInMode();
        UUID tenant = UUID.fromString(request.getHeaders().get("tenant-uuid"));
        String after = request.getUrl().queryParameter("after");
        int position = changes.size();
        boolean complete = feed.get() && after != null;
        List<String> numbers = complete
                ? changes.subList(Integer.parseInt(after), position).stream().filter(c -> c.getKey().equals(tenant))
                        .map(Map.Entry::getValue).distinct().toList()
                : List.of();
        return answer.code(200).setHeader("Content-Type", "application/json")
                .body(json.writeValueAsString(Map.of("position", position, "numbers", numbers, "complete", complete))).build();
    }

    /** The erasures asked for: tenant and body. */
    private final List<Map.Entry<UUID, Map<String, String>>> erasures = new CopyOnWriteArrayList<>();

    public List<Map.Entry<UUID, Map<String, String>>> erasures() {
        return erasures;
    }

    /** As phonebook-service: the contact of the number's key goes; an address erases nothing here (no e-mails kept). */
    private MockResponse erase(RecordedRequest request) {
        authorizations.add(Objects.requireNonNullElse(request.getHeaders().get("Authorization"), "none"));
        if (mode.get() == Mode.ERROR) {
            return new MockResponse.Builder().code(500).build();
        }
        UUID tenant = UUID.fromString(request.getHeaders().get("tenant-uuid"));
        Map<String, String> subject = json.readValue(request.getBody().utf8(), new TypeReference<Map<String, String>>() { });
        erasures.add(Map.entry(tenant, subject));
        int removed = 0;
        List<String> numbers = List.of();
        if (subject.get("number") != null) {
            String key = keys.get().apply(subject.get("number"));
            removed = key != null && contacts.getOrDefault(tenant, Map.of()).containsKey(key) ? 1 : 0;
            contacts.computeIfPresent(tenant, (t, book) -> {
                Map<String, String> left = new java.util.HashMap<>(book);
                left.remove(key);
                return left;
            });
            numbers = key == null ? List.of() : List.of(key);
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(json.writeValueAsString(Map.of("contacts", removed, "numbers", numbers))).build();
    }

    /** Change feed requests received. */
    public int feedRequests() {
        return feedRequests.get();
    }
}
