package com.crmtelephony.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A service behind the gateway (a MockWebServer): answers {"ok":true} and records what reached it. */
final class Downstream extends Dispatcher {

    /** A request as the service received it; header names in lower case. */
    record Received(String uri, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final MockWebServer server = new MockWebServer();

    Downstream() {
        server.setDispatcher(this);
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Map<String, String> headers = new TreeMap<>();
        request.getHeaders().names().forEach(name -> headers.put(name.toLowerCase(),
                String.join(",", request.getHeaders().values(name))));
        received.add(new Received(request.getTarget(), headers));
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("{\"ok\":true}").build();
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }
}
