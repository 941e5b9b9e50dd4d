package com.crmtelephony.support.token;

/**
 * What a token says besides the registered claims (issuer, subject, audience, times): the tenant
 * it acts for and its role. The gateway's tokens are of a tenant key ({@link #TENANT_ROLE}, with
 * {@link #TENANT}) or of an admin key ({@link #ADMIN_ROLE}, no tenant: it names one in
 * {@code tenant-uuid}). A service's own token for its background work is an admin token that its
 * receiver honours only on the endpoints it lists for that service.
 */
public final class TokenClaims {

    public static final String TENANT = "tenant";
    public static final String ROLE = "role";
    public static final String ADMIN_ROLE = "admin";
    public static final String TENANT_ROLE = "tenant";

    private TokenClaims() {
    }
}
