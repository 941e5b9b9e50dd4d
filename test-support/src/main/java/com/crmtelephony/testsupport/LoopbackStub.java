package com.crmtelephony.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A service a test's service calls, stood in for by a MockWebServer on loopback. */
public final class LoopbackStub {

    private LoopbackStub() {
    }

    /** A server on 127.0.0.1 (a free port) that answers with {@code dispatcher}; it lives as long as the test JVM. */
    public static MockWebServer start(Dispatcher dispatcher) {
        return start(dispatcher, 0);
    }

    /** The same on a given port (0: a free one). */
    public static MockWebServer start(Dispatcher dispatcher, int port) {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(dispatcher);
        try {
            server.start(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    public static String url(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The request's headers by lower-case name, repeated ones joined with commas. */
    public static Map<String, String> headers(RecordedRequest request) {
        Map<String, String> headers = new TreeMap<>();
        request.getHeaders().names().forEach(name -> headers.put(name.toLowerCase(),
                String.join(",", request.getHeaders().values(name))));
        return headers;
    }
}
