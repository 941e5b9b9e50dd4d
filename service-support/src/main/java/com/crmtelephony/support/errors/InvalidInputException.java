package com.crmtelephony.support.errors;

/** The request's own input is wrong (400): the detail names the field and what it must be. Mapped to problem+json in one place: support.web.ProblemResponses. */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String detail) {
        super(detail);
    }
}
