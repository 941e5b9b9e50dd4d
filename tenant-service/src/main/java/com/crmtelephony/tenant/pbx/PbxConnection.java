package com.crmtelephony.tenant.pbx;

import java.util.UUID;

/**
 * A tenant's PBX as pbx-integration-service needs it, secrets opened: only that service's token
 * gets this (GET /pbx-connections).
 *
 * @param kind          {@code signed}: a PBX that takes a subscription and signs each webhook with
 *                      the connection's secret; {@code original}: the original PBX, which cannot
 *                      sign, serving this one tenant
 * @param credentials   the Authorization header the PBX expects on its API, if any
 * @param webhookSecret the secret its webhooks are signed with (signed kind only)
 * @param suspended     the tenant is suspended: its webhooks are refused, its calls not pulled
 */
public record PbxConnection(UUID tenant, String baseUrl, String kind, String credentials, String webhookSecret,
                            boolean suspended) {

    public static final String SIGNED = "signed";
    public static final String ORIGINAL = "original";
}
