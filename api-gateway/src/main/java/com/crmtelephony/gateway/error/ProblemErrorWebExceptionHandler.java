package com.crmtelephony.gateway.error;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;

import com.crmtelephony.gateway.tracing.TraceIds;

/**
 * Replaces Boot's JSON error attributes with problem+json for everything the gateway itself
 * answers: unknown routes, unavailable services, timeouts.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1)
class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final Problems problems;

    ProblemErrorWebExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status;
        String detail;
        if (ex instanceof NotFoundException) {
            // Gateway's "no instance of lb://x": the service is not registered (yet) or is down.
            status = HttpStatus.SERVICE_UNAVAILABLE;
            detail = "The service behind this route is unavailable; try again shortly.";
        } else if (ex instanceof ResponseStatusException rse) {
            status = rse.getStatusCode();
            detail = status.value() == 404 ? "No route or resource at this path." : rse.getReason();
        } else if (ex instanceof TimeoutException || hasCause(ex, TimeoutException.class)) {
            status = HttpStatus.GATEWAY_TIMEOUT;
            detail = "The service behind this route did not answer in time.";
        } else if (hasCause(ex, ConnectException.class)) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            detail = "The service behind this route refused the connection; try again shortly.";
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "Unexpected gateway error.";
            log.error("Unhandled gateway error on {} (trace {})", exchange.getRequest().getPath(), trace(exchange), ex);
        }
        if (status.is5xxServerError() && status.value() != 500) {
            log.warn("{} on {} (trace {}): {}", status.value(), exchange.getRequest().getPath(), trace(exchange),
                    ex.toString());
        }
        return problems.write(exchange, status, detail);
    }

    /** Named in the message: the gateway does not copy the trace into each thread's MDC (cost per request). */
    private static String trace(ServerWebExchange exchange) {
        return TraceIds.of(exchange).orElse("-");
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
