package com.crmtelephony.cdr.tenant;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import com.crmtelephony.support.caller.Callers;

/** Request conventions shared by every tenant-scoped endpoint. */
public final class Tenants {

    public static final String HEADER = Callers.TENANT_HEADER;
    public static final String ROLE_HEADER = Callers.ROLE_HEADER;

    private Tenants() {
    }

    /** A time range must not end before it starts. */
    public static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
                    ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "'to' must not be before 'from'"), null);
        }
    }
}
