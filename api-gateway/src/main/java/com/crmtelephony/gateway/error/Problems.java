package com.crmtelephony.gateway.error;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import com.crmtelephony.gateway.tracing.TraceIds;

/** Writes RFC 9457 problem+json bodies: the one error format of the gateway. */
@Component
public class Problems {

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        return write(exchange, status, detail, Map.of());
    }

    /** The largest body read and dropped before a refusal is answered. */
    public static final long DRAIN_LIMIT = 1024 * 1024;

    /**
     * A refusal before anything read the request: its body (up to {@link #DRAIN_LIMIT}) is read and
     * dropped first, since a connection closed with unread bytes is reset, and the answer with it.
     */
    public Mono<Void> refuse(ServerWebExchange exchange, HttpStatusCode status, String detail, Map<String, String> headers) {
        HttpHeaders request = exchange.getRequest().getHeaders();
        long declared = request.getContentLength();
        boolean body = declared > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        if (!body || declared > DRAIN_LIMIT) {
            return write(exchange, status, detail, headers);
        }
        AtomicLong read = new AtomicLong();
        return exchange.getRequest().getBody()
                .doOnNext(buffer -> {
                    read.addAndGet(buffer.readableByteCount());
                    DataBufferUtils.release(buffer);
                })
                .takeUntil(buffer -> read.get() > DRAIN_LIMIT)
                .then()
                .timeout(Duration.ofSeconds(5), Mono.empty())
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> write(exchange, status, detail, headers)));
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail,
                            Map<String, String> headers) {
        ServerHttpResponse response = exchange.getResponse();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        TraceIds.of(exchange).ifPresent(id -> body.put("traceId", id));
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        HttpHeaders responseHeaders = response.getHeaders();
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        responseHeaders.setContentLength(bytes.length);
        headers.forEach(responseHeaders::set);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private static String title(HttpStatusCode status) {
        return status instanceof org.springframework.http.HttpStatus known
                ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
