package com.crmtelephony.pbx.connection;

import java.util.UUID;

/**
 * A tenant's PBX, as the tenant registry holds it (or, without one, as configuration says).
 *
 * @param baseUrl       the PBX's API: http(s), or lb://service-id for the configured PBX
 * @param kind          {@code signed}: takes a subscription and signs each webhook with
 *                      {@code webhookSecret}; {@code original}: cannot sign, serves this tenant only
 * @param credentials   the Authorization header its API expects, if any
 * @param webhookSecret what this tenant's webhooks are signed with (signed kind)
 * @param suspended     the tenant is suspended: its webhooks are refused and its calls not pulled
 */
public record Connection(UUID tenant, String baseUrl, String kind, String credentials, String webhookSecret,
                         boolean suspended) {

    public static final String SIGNED = "signed";
    public static final String ORIGINAL = "original";

    public boolean original() {
        return ORIGINAL.equals(kind);
    }
}
