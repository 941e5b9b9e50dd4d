package com.crmtelephony.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A tenant's webhook endpoint, as a receiver on loopback: it records every request as it came
 * (path, headers, body) and answers the status a test sets, 200 by default.
 */
public final class WebhookReceiver extends Dispatcher {

    /** One request as received. */
    public record Received(String path, Map<String, String> headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final java.util.concurrent.atomic.AtomicReference<Map<String, String>> headers =
            new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    private final Map<String, java.time.Duration> delays = new java.util.concurrent.ConcurrentHashMap<>();
    private final MockWebServer server;

    /** On a free port. */
    public WebhookReceiver() {
        this(0);
    }

    /** On a port a suite started before the test was told to allow. */
    public WebhookReceiver(int port) {
        server = LoopbackStub.start(this, port);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        received.add(new Received(request.getUrl().encodedPath(), LoopbackStub.headers(request), request.getBody().utf8()));
        MockResponse.Builder answer = new MockResponse.Builder().code(status.get());
        headers.get().forEach(answer::setHeader);
        java.time.Duration delay = delays.get(request.getUrl().encodedPath());
        if (delay != null && !delay.isZero()) {
            answer.headersDelay(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return answer.build();
    }

    /** What it received at {@code path}, in order. */
    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void answer(int code) {
        answer(code, Map.of());
    }

    /** Answers {@code code} with these headers (a Retry-After, say) from now on. */
    public void answer(int code, Map<String, String> with) {
        headers.set(Map.copyOf(with));
        status.set(code);
    }

    /** Answers requests to {@code path} only after {@code delay} (zero: at once), as a slow receiver does. */
    public void delay(String path, java.time.Duration delay) {
        delays.put(path, delay);
    }

    /** The host:port deliveries may reach although it is loopback (crm.outbound.allowed-targets). */
    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    public String url(String path) {
        return LoopbackStub.url(server) + path;
    }

    public void reset() {
        received.clear();
        answer(200);
    }
}
