package com.crmtelephony.cdr.tenant;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Request conventions shared by every tenant-scoped endpoint. */
public final class Tenants {

    /** Names the tenant of a request (compat); the gateway sets it from the caller's API key. */
    public static final String HEADER = "tenant-uuid";

    /**
     * Set by the gateway to {@link #ADMIN} for admin API keys (and removed from what clients
     * send): services are reachable only through the gateway.
     */
    public static final String ROLE_HEADER = "X-Crm-Role";
    public static final String ADMIN = "admin";

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
