package com.crmtelephony.cdr.tenant;

import java.time.Instant;

import com.crmtelephony.support.errors.InvalidInputException;
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
            throw new InvalidInputException("'to' must not be before 'from'");
        }
    }
}
