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
        return new MockResponse.Builder().code(status.get()).build();
    }

    /** What it received at {@code path}, in order. */
    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void answer(int code) {
        status.set(code);
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
        status.set(200);
    }
}
