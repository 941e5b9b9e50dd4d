package com.crmtelephony.tenant.error;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.crmtelephony.support.web.ProblemResponses;

/** The service's one error format: RFC 9457 problem+json, carrying the request's trace id. */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemResponses {
}
