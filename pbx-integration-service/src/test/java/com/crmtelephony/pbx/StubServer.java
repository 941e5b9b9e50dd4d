package com.crmtelephony.pbx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import com.crmtelephony.testsupport.LoopbackStub;

/** A dependency over real HTTP (a MockWebServer): canned answers per path, and every request it received. */
public final class StubServer extends Dispatcher {

    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    /** A request as received, and the status it was answered with; header names in lower case. */
    public record Request(String method, String uri, Map<String, String> headers, String body, int answered) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final Map<String, Function<Request, Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final MockWebServer server = LoopbackStub.start(this);


    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Map<String, String> headers = LoopbackStub.headers(request);
        Request received = new Request(request.getMethod(), request.getTarget(), headers,
                request.getBody() == null ? "" : request.getBody().utf8(), 0);
        Answer answer = answers.getOrDefault(request.getMethod() + " " + request.getUrl().encodedPath(),
                r -> Answer.status(404)).apply(received);
        requests.add(new Request(received.method(), received.uri(), headers, received.body(), answer.status()));
        MockResponse.Builder response = new MockResponse.Builder().code(answer.status()).body(answer.body());
        answer.headers().forEach(response::setHeader);
        return response.build();
    }

    public String url() {
        return LoopbackStub.url(server);
    }

    /** Answers requests to {@code "METHOD /path"} with {@code answer} from now on. */
    public void answer(String methodAndPath, Answer answer) {
        answers.put(methodAndPath, r -> answer);
    }

    /** Answers requests to {@code "METHOD /path"} as {@code answer} says for each from now on. */
    public void answer(String methodAndPath, Function<Request, Answer> answer) {
        answers.put(methodAndPath, answer);
    }

    public List<Request> requests(String methodAndPath) {
        return requests.stream().filter(r -> (r.method() + " " + r.uri().replaceFirst("\\?.*", "")).equals(methodAndPath)).toList();
    }

    public void reset() {
        answers.clear();
        requests.clear();
    }
}
