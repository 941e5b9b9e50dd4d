package com.crmtelephony.cdr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * phonebook-service's lookup endpoint as cdr-service sees it over HTTP: contacts per tenant,
 * and switches to make it fail or hang.
 */
public final class PhonebookStub {

    public enum Mode { UP, ERROR, SLOW }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final Map<UUID, Map<String, String>> contacts = new ConcurrentHashMap<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);
    /** Sizes of the lookup requests received, to check batching. */
    private final List<Integer> requestSizes = new CopyOnWriteArrayList<>();
    /** The W3C trace header of each lookup request ("none" without one). */
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    PhonebookStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/phone_book/records/lookup", this::lookup);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public Map<UUID, Map<String, String>> contacts() {
        return contacts;
    }

    public AtomicReference<Mode> mode() {
        return mode;
    }

    public List<Integer> requestSizes() {
        return requestSizes;
    }

    public List<String> traceparents() {
        return traceparents;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void reset() {
        contacts.clear();
        mode.set(Mode.UP);
        requestSizes.clear();
        traceparents.clear();
    }

    private void lookup(HttpExchange exchange) throws IOException {
        try (exchange) {
            traceparents.add(Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("traceparent"), "none"));
            switch (mode.get()) {
                case ERROR -> {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                case SLOW -> sleep(5_000);
                case UP -> { }
            }
            UUID tenant = UUID.fromString(exchange.getRequestHeaders().getFirst("tenant-uuid"));
            List<String> numbers = json.readValue(exchange.getRequestBody(), new TypeReference<List<String>>() { });
            requestSizes.add(numbers.size());
            Map<String, String> book = contacts.getOrDefault(tenant, Map.of());
            List<Map<String, String>> matches = numbers.stream().filter(book::containsKey)
                    .map(n -> Map.of("number", n, "callerNumber", n, "name", book.get(n))).toList();
            byte[] body = json.writeValueAsBytes(matches);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
