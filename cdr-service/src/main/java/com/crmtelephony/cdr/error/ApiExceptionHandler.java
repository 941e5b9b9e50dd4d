package com.crmtelephony.cdr.error;

import java.util.Map;

import feign.FeignException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.crmtelephony.cdr.call.InvalidCallsException;
import com.crmtelephony.cdr.remote.DependencyUnavailableException;
import com.crmtelephony.cdr.tenant.UnknownTenantException;
import com.crmtelephony.support.web.RequestTooLargeException;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final JsonMapper json;

    ApiExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidCalls(InvalidCallsException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("Invalid call data");
        problem.setProperty("errors", ex.violations().stream().map(v -> v.index() == null
                ? Map.of("field", v.field(), "message", v.message())
                : Map.of("index", v.index(), "field", v.field(), "message", v.message())).toList());
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unknownTenant(UnknownTenantException ex, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unavailable(DependencyUnavailableException ex, WebRequest request) {
        log.warn("{}", ex.getMessage(), ex.getCause());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "10");
        return createResponseEntity(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()),
                headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /** A 4xx from a service this one called (say, a tenant the PBX does not know): passed on with its status. */
    @ExceptionHandler
    ResponseEntity<Object> refusedDownstream(FeignException.FeignClientException ex, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(ex.status());
        String detail = status.getReasonPhrase();
        try {
            JsonNode downstream = json.readTree(ex.contentUTF8());
            if (downstream != null && downstream.path("detail").isString()) {
                detail = downstream.get("detail").asString();
            }
        } catch (JacksonException notJson) {
            // keep the reason phrase
        }
        return problem(status, detail, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestTooLargeException tooLarge = RequestTooLargeException.in(ex);
        if (tooLarge != null) {
            return handleErrorResponseException(tooLarge, tooLarge.getHeaders(), tooLarge.getStatusCode(), request);
        }
        String detail = "Malformed JSON request body";
        if (ex.getCause() instanceof JacksonException jackson) {
            // "[3].callStart", not Jackson's path of Java class names.
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                path.append(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
            }
            detail += (path.isEmpty() ? "" : " at " + path.toString().replaceFirst("^\\.", ""))
                    + ": " + jackson.getOriginalMessage().replaceAll("\\s+", " ").replaceFirst("\\(.*", "").trim();
        }
        return problem(HttpStatus.BAD_REQUEST, detail, request);
    }

    private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
        return createResponseEntity(ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null) {
                problem.setInstance(java.net.URI.create(request.getDescription(false).replaceFirst("^uri=", "")));
            }
            if (MDC.get("traceId") != null) {
                problem.setProperty("traceId", MDC.get("traceId"));
            }
            // One line per rejected request, with the trace id, so support can find it.
            log.info("Answered {} to {}: {}", statusCode.value(), request.getDescription(false), problem.getDetail());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

}
