package com.crmtelephony.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of {@code GET /cdr-service/cdr/events} as a browser's EventSource is one: when its
 * stream ends it waits the last {@code retry:} the server sent (3 s until one came) and opens it
 * again with {@code Last-Event-ID}; behind a balancer of two gateways, it connects to a ready
 * one ({@link Balancer}), and to the other when the first does not answer. It records each event's id, and when any client saw the
 * id first.
 */
final class ResumingStream implements AutoCloseable {

    final List<Long> ids = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** Retry hints received (the server ending a stream on shutdown). */
    final AtomicInteger retries = new AtomicInteger();
    private final Map<String, String> key;
    private final List<String> gateways;
    private final List<String> failures;
    private final Map<Long, Long> firstSeen;
    private final Thread thread;
    private volatile boolean closed;
    private volatile InputStream current;

    /**
     * @param failures  where an answer other than 200 goes (a stream that could not be opened)
     * @param firstSeen event id to when (epoch millis) any client saw it first
     */
    ResumingStream(Map<String, String> key, List<String> gateways, List<String> failures, Map<Long, Long> firstSeen) {
        this.key = Map.copyOf(key);
        this.gateways = List.copyOf(gateways);
        this.failures = failures;
        this.firstSeen = firstSeen;
        thread = new Thread(this::run, "resuming-stream");
        thread.setDaemon(true);
        thread.start();
    }

    Long last() {
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    private void run() {
        long retry = 3_000;
        int attempt = 0;
        int unanswered = 0;
        while (!closed) {
            String gateway = gateways.get(attempt++ % gateways.size());
            if (!Balancer.ready(gateway)) {
                gateway = gateways.stream().filter(Balancer::ready).findFirst().orElse(gateway);
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/cdr-service/cdr/events"))
                        .header("Accept", "text/event-stream");
                key.forEach(request::header);
                Long last = last();
                if (last != null) {
                    request.header("Last-Event-ID", Long.toString(last));
                }
                HttpResponse<InputStream> response = Suite.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                current = response.body();
                if (response.statusCode() != 200) {
                    try (InputStream body = response.body()) {
                        failures.add("GET " + gateway + " events -> " + response.statusCode() + " "
                                + new String(body.readNBytes(300), StandardCharsets.UTF_8));
                    }
                } else {
                    connections.incrementAndGet();
                    retry = read(response.body(), retry);
                    attempt--; // a stream that ended is opened again where it was, as a balancer would keep it
                }
                unanswered = 0;
            } catch (IOException e) {
                // Not answered (that gateway is stopping): the other one, at once; neither: wait.
                if (++unanswered < gateways.size()) {
                    continue;
                }
                unanswered = 0;
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                pause(retry);
            }
        }
    }

    /** @return the retry the server asked for, else the one before */
    private long read(InputStream body, long retry) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            Long id = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("retry:")) {
                    retry = Long.parseLong(line.substring(6).strip());
                    retries.incrementAndGet();
                } else if (line.isEmpty() && id != null) {
                    Long last = last();
                    if (last != null && id <= last) {
                        failures.add("event " + id + " again after " + last);
                    } else {
                        ids.add(id);
                        firstSeen.putIfAbsent(id, System.currentTimeMillis());
                    }
                    id = null;
                }
            }
        } catch (IOException | RuntimeException ended) {
            // The stream was cut (its gateway stopped): opened again with the last id.
        }
        return retry;
    }

    /** As an EventSource waits before it reconnects (the server's retry:, not a test's wait). */
    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        InputStream body = current;
        if (body != null) {
            body.close();
        }
    }
}
