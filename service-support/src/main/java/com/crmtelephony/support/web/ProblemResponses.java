package com.crmtelephony.support.web;

import java.net.URI;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.crmtelephony.support.errors.BusyException;
import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.support.errors.ForbiddenException;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.errors.UnprocessableInputException;
import com.crmtelephony.support.remote.DependencyUnavailableException;

/**
 * The one error format of every service, RFC 9457 problem+json: each service's advice extends
 * this and adds the handlers of its own exceptions. Every problem names the request
 * ({@code instance}) and its trace id, and is logged once, so support can find it.
 */
public abstract class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** A body that passed its limit while it was read is 413, not a malformed 400; else where the JSON broke. */
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

    /** A dependency down, slow or behind an open circuit: 503, worth retrying in a few seconds. */
    @ExceptionHandler
    ResponseEntity<Object> unavailable(DependencyUnavailableException ex, WebRequest request) {
        log.warn("{}", ex.getMessage(), ex.getCause());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "10");
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()), headers, request);
    }

    /**
     * A 4xx from a service this one called (a tenant the PBX does not know, a call cdr-service
     * refused): the request itself was refused there; passed on with its status, detail and errors.
     */
    @ExceptionHandler
    ResponseEntity<Object> refusedDownstream(HttpClientErrorException ex, WebRequest request) {
        ProblemDetail downstream = problemOf(ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatusCode(), detailOf(downstream, ex));
        if (downstream != null && downstream.getProperties() != null && downstream.getProperties().get("errors") != null) {
            problem.setProperty("errors", downstream.getProperties().get("errors"));
        }
        return problem(problem, new HttpHeaders(), request);
    }

    /** The domain's refusals (support.errors), each with its status: the one place they become HTTP. */
    private static final Map<Class<? extends RuntimeException>, HttpStatus> REFUSALS = Map.of(
            InvalidInputException.class, HttpStatus.BAD_REQUEST,
            NotFoundException.class, HttpStatus.NOT_FOUND,
            ForbiddenException.class, HttpStatus.FORBIDDEN,
            ConflictException.class, HttpStatus.CONFLICT,
            UnprocessableInputException.class, HttpStatus.UNPROCESSABLE_CONTENT);

    @ExceptionHandler({InvalidInputException.class, NotFoundException.class, ForbiddenException.class,
            ConflictException.class, UnprocessableInputException.class})
    ResponseEntity<Object> refused(RuntimeException ex, WebRequest request) {
        return problem(REFUSALS.get(ex.getClass()), ex.getMessage(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> busy(BusyException ex, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()), headers, request);
    }

    /** The problem+json a called service refused with; null when its answer was none. */
    public static ProblemDetail problemOf(HttpClientErrorException refusal) {
        try {
            return refusal.getResponseBodyAs(ProblemDetail.class);
        } catch (RuntimeException notProblemJson) {
            return null;
        }
    }

    /** Why a called service refused, for a log or a record: its status, then its problem's detail or its status text. */
    public static String reasonOf(HttpClientErrorException refusal) {
        return refusal.getStatusCode().value() + ": " + detailOf(problemOf(refusal), refusal);
    }

    private static String detailOf(ProblemDetail problem, HttpClientErrorException refusal) {
        return problem != null && problem.getDetail() != null ? problem.getDetail() : refusal.getStatusText();
    }

    /** Names the request a problem answers ({@code instance}, unless set) and its trace id. */
    static ProblemDetail aboutRequest(ProblemDetail problem, String path) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(path));
        }
        if (MDC.get("traceId") != null) {
            problem.setProperty("traceId", MDC.get("traceId"));
        }
        return problem;
    }

    protected ResponseEntity<Object> problem(HttpStatusCode status, String detail, WebRequest request) {
        return problem(ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), request);
    }

    protected ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        return createResponseEntity(problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            aboutRequest(problem, request.getDescription(false).replaceFirst("^uri=", ""));
            log.info("Answered {} to {}: {}", statusCode.value(), request.getDescription(false), problem.getDetail());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
