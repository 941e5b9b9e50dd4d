package com.crmtelephony.gateway.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param apiKeys        who may call: each key only as the HMAC-SHA256 of its text under {@code keySecret}
 * @param keySecret      the secret of those HMACs: an env var of the gateway's ({@code API_KEY_SECRET})
 * @param access         the access policy, first matching rule wins ({@link AccessRules}): config-repo's
 *                       {@code crm.gateway.access}, the one place it is written; without it the gateway
 *                       does not start (every path would be open)
 * @param maxRequestSize larger bodies are refused with 413 before they reach a service (counted in
 *                       bytes, chunked bodies too)
 * @param webhookMaxRequestSize the same for the PBX's webhook, one call per body
 * @param rateLimit      requests per key
 * @param authFailureLimit requests with a missing or wrong key, per source address
 * @param webhookRateLimit webhook deliveries, per source address
 * @param tokenAudiences who may act on a routed request's token, by routed service: that service
 *                       and those it calls on the caller's behalf (relaying the token); a service
 *                       not listed: itself only
 * @param trustedProxyHops how many proxies of the deployment stand in front of the gateway (a
 *                       balancer: 1); 0 reads no forwarded header at all ({@link ClientSource})
 */
@ConfigurationProperties("crm.gateway")
public record GatewaySecurityProperties(
        List<ApiKey> apiKeys,
        String keySecret,
        List<AccessRules.Rule> access,
        @DefaultValue("10MB") DataSize maxRequestSize,
        @DefaultValue("1MB") DataSize webhookMaxRequestSize,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue RateLimit authFailureLimit,
        @DefaultValue RateLimit webhookRateLimit,
        Map<String, List<String>> tokenAudiences,
        @DefaultValue("0") int trustedProxyHops) {

    public GatewaySecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        tokenAudiences = tokenAudiences == null ? Map.of() : Map.copyOf(tokenAudiences);
        if (access == null || access.isEmpty()) {
            throw new IllegalStateException("No access policy (crm.gateway.access): config-repo/api-gateway.yml "
                    + "lists which paths are internal, public, the webhook, admin-only and for tenants");
        }
        access = List.copyOf(access);
        if (trustedProxyHops < 0) {
            throw new IllegalStateException("crm.gateway.trusted-proxy-hops must be 0 or more");
        }
    }

    /**
     * @param name   names the key in logs and metrics (never the key itself)
     * @param hmac   hex HMAC-SHA256 of the key's text under the key secret
     * @param tenant the one tenant a tenant key acts for; null for admin keys
     * @param admin  an admin key may name any tenant and call cross-tenant endpoints
     */
    public record ApiKey(String name, String hmac, UUID tenant, boolean admin) {
    }

    /**
     * @param requestsPerSecond sustained rate per key
     * @param burst             requests a key may make at once after being idle
     */
    public record RateLimit(@DefaultValue("50") double requestsPerSecond, @DefaultValue("100") int burst) {
    }
}
