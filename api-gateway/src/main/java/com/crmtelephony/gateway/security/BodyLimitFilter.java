package com.crmtelephony.gateway.security;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.crmtelephony.gateway.error.Problems;

/**
 * Request bodies are limited in bytes: a declared Content-Length over the limit is refused at
 * once; a chunked body is counted as it streams through, and the request fails with 413 at the
 * byte that passes the limit, so the service behind never gets a whole oversized body.
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

    private final long limit;
    private final long webhookLimit;
    private final AccessRules rules;
    private final Problems problems;

    BodyLimitFilter(GatewaySecurityProperties properties, AccessRules rules, Problems problems) {
        this.rules = rules;
        this.limit = properties.maxRequestSize().toBytes();
        this.webhookLimit = properties.webhookMaxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long max = rules.access(exchange) == AccessRules.Access.WEBHOOK ? webhookLimit : limit;
        long declared = request.getHeaders().getContentLength();
        if (declared > max) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, tooLarge(max));
        }
        if (declared < 0 && request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange.mutate().request(new Counted(request, max)).build());
        }
        return chain.filter(exchange);
    }

    private static ResponseStatusException tooLargeError(long max) {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, tooLarge(max));
    }

    private static String tooLarge(long max) {
        return "Request body exceeds the limit of " + max + " bytes";
    }

    private static final class Counted extends ServerHttpRequestDecorator {
        private final long max;

        Counted(ServerHttpRequest request, long max) {
            super(request);
            this.max = max;
        }

        /**
         * Past the limit nothing more is passed on; the rest is read and dropped, up to
         * {@link Problems#DRAIN_LIMIT} more, before the request fails: a connection closed with
         * unread bytes is reset, and the client would get the reset instead of the 413.
         */
        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong read = new AtomicLong();
                Flux<DataBuffer> counted = super.getBody().handle((buffer, sink) -> {
                    long total = read.addAndGet(buffer.readableByteCount());
                    if (total <= max) {
                        sink.next(buffer);
                        return;
                    }
                    DataBufferUtils.release(buffer);
                    if (total > max + Problems.DRAIN_LIMIT) {
                        sink.error(tooLargeError(max));
                    }
                });
                return counted.concatWith(Mono.defer(() -> read.get() > max ? Mono.error(tooLargeError(max)) : Mono.empty()));
            });
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
