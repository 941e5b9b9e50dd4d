package com.crmtelephony.support.errors;

/** The caller may not do this (403): a tenant key at an admin's endpoint, or in another tenant's data. Mapped to problem+json in one place: support.web.ProblemResponses. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail);
    }
}
