package com.crmtelephony.support.errors;

/** What the request names does not exist for its caller (404): another tenant's is not found either. Mapped to problem+json in one place: support.web.ProblemResponses. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
