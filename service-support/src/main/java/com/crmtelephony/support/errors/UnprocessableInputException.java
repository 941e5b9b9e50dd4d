package com.crmtelephony.support.errors;

/** The request is well formed but its content cannot be taken (422). Mapped to problem+json in one place: support.web.ProblemResponses. */
public class UnprocessableInputException extends RuntimeException {

    public UnprocessableInputException(String detail) {
        super(detail);
    }
}
