package com.crmtelephony.cdr.error;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

import com.crmtelephony.cdr.call.InvalidCallsException;
import com.crmtelephony.cdr.privacy.ErasureIncompleteException;
import com.crmtelephony.cdr.tenant.UnknownTenantException;
import com.crmtelephony.support.web.ProblemResponses;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemResponses {

    @ExceptionHandler
    ResponseEntity<Object> invalidCalls(InvalidCallsException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("Invalid call data");
        problem.setProperty("errors", ex.violations().stream().map(v -> v.index() == null
                ? Map.of("field", v.field(), "message", v.message())
                : Map.of("index", v.index(), "field", v.field(), "message", v.message())).toList());
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    /** An erasure another service could not finish its part of: 503, naming the erasure the same request finishes. */
    @ExceptionHandler
    ResponseEntity<Object> erasureIncomplete(ErasureIncompleteException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setProperty("erasure", ex.erasure());
        return problem(problem, new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unknownTenant(UnknownTenantException ex, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
    }
}
