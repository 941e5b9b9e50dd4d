package com.crmtelephony.pbx.error;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.context.request.WebRequest;

import com.crmtelephony.support.web.ProblemResponses;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemResponses {

    /** A 4xx from the PBX or cdr-service: the request itself was refused there; say so with its status. */
    @ExceptionHandler
    ResponseEntity<Object> refusedDownstream(HttpClientErrorException ex, WebRequest request) {
        ProblemDetail downstream = ex.getResponseBodyAs(ProblemDetail.class);
        String detail = downstream != null && downstream.getDetail() != null ? downstream.getDetail() : ex.getStatusText();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatusCode(), detail);
        if (downstream != null && downstream.getProperties() != null && downstream.getProperties().get("errors") != null) {
            problem.setProperty("errors", downstream.getProperties().get("errors"));
        }
        return createResponseEntity(problem, new HttpHeaders(), ex.getStatusCode(), request);
    }
}
