package com.crmtelephony.cdr.tenant;

import java.util.UUID;

public class UnknownTenantException extends RuntimeException {

    public UnknownTenantException(UUID tenant) {
        super("No calls have been recorded for tenant " + tenant);
    }
}
