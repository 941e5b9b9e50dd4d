package com.crmtelephony.gateway.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.token.TokenClaims;
import com.crmtelephony.support.token.TokenProperties;
import com.crmtelephony.support.token.TokenSigner;

/**
 * The token each routed request carries instead of headers a service would have to believe: the
 * API key's name as subject, its tenant and role, the routed service (and the services it calls
 * on the caller's behalf, {@code crm.gateway.token-audiences}) as audience, signed with the
 * gateway's key ({@code GATEWAY_TOKEN_SIGNING_KEY}); the gateway does not start without it.
 * One token per key and service, signed again at half its lifetime.
 */
@Component
class CallerTokens {

    private final TokenSigner signer;
    private final Map<String, List<String>> configured;
    private final Map<String, List<String>> audiences = new ConcurrentHashMap<>();

    CallerTokens(GatewaySecurityProperties gateway, TokenProperties tokens, @Value("${spring.application.name}") String name) {
        this.signer = new TokenSigner(name, tokens.signingKey(), "crm.tokens.signing-key (GATEWAY_TOKEN_SIGNING_KEY)",
                tokens.lifetime(), Clock.systemUTC());
        this.configured = gateway.tokenAudiences();
    }

    /** @param service the routed service's name (the host of its {@code lb://} route) */
    String token(Caller caller, String service) {
        List<String> audience = audiences.computeIfAbsent(service, s -> configured.getOrDefault(s, List.of(s)));
        return caller.admin()
                ? signer.token(caller.key(), null, TokenClaims.ADMIN_ROLE, audience)
                : signer.token(caller.key(), caller.tenant(), TokenClaims.TENANT_ROLE, audience);
    }
}
