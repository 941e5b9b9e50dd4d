package com.crmtelephony.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import com.crmtelephony.testsupport.LoopbackStub;

/**
 * A service behind the gateway (a MockWebServer): answers {"ok":true} (or {@link #status}) and
 * records what reached it.
 */
final class Downstream extends Dispatcher {

    /** A request as the service received it; header names in lower case. */
    record Received(String uri, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** The status it answers with. */
    volatile int status = 200;
    private final MockWebServer server = LoopbackStub.start(this);


    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Map<String, String> headers = LoopbackStub.headers(request);
        received.add(new Received(request.getTarget(), headers, request.getBody() == null ? "" : request.getBody().utf8()));
        MockResponse.Builder answer = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json");
        // An answer to HEAD has no body: one here would be read as the start of the next answer.
        return "HEAD".equals(request.getMethod()) ? answer.build() : answer.body("{\"ok\":true}").build();
    }

    String url() {
        return LoopbackStub.url(server);
    }
}
