package com.crmtelephony.support.errors;

/** The request is well formed but clashes with what is there now (409). Mapped to problem+json in one place: support.web.ProblemResponses. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
