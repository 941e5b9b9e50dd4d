package com.crmtelephony.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** A dependency over real HTTP: canned answers per path, and every request it received. */
public final class StubServer {

    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    public record Request(String method, String uri, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new ConcurrentHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                String path = exchange.getRequestURI().getPath();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path, Answer.status(404));
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests to {@code "METHOD /path"} with {@code answer} from now on. */
    public void answer(String methodAndPath, Answer answer) {
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
