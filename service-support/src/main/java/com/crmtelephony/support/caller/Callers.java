package com.crmtelephony.support.caller;


import com.crmtelephony.support.errors.ForbiddenException;

/**
 * Who a request acts for, as a controller reads it: both values are the caller's token's word
 * (support.token.TokenCallerFilter puts them there), never what the request itself said.
 */
public final class Callers {

    /** Names the tenant of a request (compat): a tenant token's own, or the one an admin token names. */
    public static final String TENANT_HEADER = "tenant-uuid";

    /** {@link #ADMIN} for an admin token, absent otherwise; what a client sends under this name is dropped. */
    public static final String ROLE_HEADER = "X-Crm-Role";
    public static final String ADMIN = "admin";

    private Callers() {
    }

    /**
     * The name of the API key the request came with, as the gateway signed it (the token's
     * subject); null outside a request with a token.
     */
    public static String keyName() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? null : authentication.getName();
    }

    public static boolean isAdmin(String role) {
        return ADMIN.equals(role);
    }

    /**
     * Cross-tenant endpoints check the role themselves, not only the gateway: a path the gateway's
     * rules did not see as admin-only must still not serve a tenant key.
     */
    public static void requireAdmin(String role) {
        if (!isAdmin(role)) {
            throw new ForbiddenException("This endpoint needs an admin API key");
        }
    }
}
