package com.crmtelephony.gateway.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import com.crmtelephony.gateway.security.GatewaySecurityProperties.ApiKey;
import com.crmtelephony.support.token.TokenClaims;
import com.crmtelephony.support.token.TokenProperties;
import com.crmtelephony.support.token.TokenSigner;

/**
 * The gateway's calls to the tenant registry, as itself: a token signed with the gateway's key
 * under the issuer name {@value #ISSUER}, which tenant-service trusts for these two endpoints and
 * nothing else (no routed request carries it).
 */
@Component
class KeyRegistry {

    static final String ISSUER = "api-gateway-keys";
    private static final String SERVICE = "tenant-service";

    private final WebClient client;
    private final TokenSigner signer;
    private final Duration timeout;

    KeyRegistry(RegistryProperties registry, TokenProperties tokens,
                ObjectProvider<ReactorLoadBalancerExchangeFilterFunction> loadBalancer) {
        URI url = URI.create(registry.url());
        WebClient.Builder builder = WebClient.builder();
        if ("lb".equals(url.getScheme())) {
            builder.filter(loadBalancer.getObject()).baseUrl("http://" + url.getHost());
        } else {
            builder.baseUrl(registry.url());
        }
        this.client = builder.build();
        this.signer = new TokenSigner(ISSUER, tokens.signingKey(), "crm.tokens.signing-key (GATEWAY_TOKEN_SIGNING_KEY)",
                tokens.lifetime(), Clock.systemUTC());
        this.timeout = registry.timeout();
    }

    /** @return the key with this HMAC; empty when the registry does not honour it; an error when it could not say */
    Mono<Optional<RegisteredKey>> lookup(String hmac) {
        return client.post().uri("/keys/lookup").headers(h -> h.setBearerAuth(token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("hmac", hmac))
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(RegisteredKey.class).map(Optional::of);
                    }
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().thenReturn(Optional.<RegisteredKey>empty());
                    }
                    return response.createError();
                })
                .timeout(timeout);
    }

    /** The configured keys (config-repo's {@code crm.gateway.api-keys}), for the registry to keep from now on. */
    Mono<Map<String, Object>> importKeys(List<ApiKey> keys) {
        List<Map<String, Object>> body = keys.stream().map(k -> k.tenant() == null
                ? Map.<String, Object>of("name", k.name(), "hmac", k.hmac())
                : Map.<String, Object>of("name", k.name(), "hmac", k.hmac(), "tenant", k.tenant().toString())).toList();
        return client.post().uri("/keys/import").headers(h -> h.setBearerAuth(token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("keys", body))
                .retrieve().bodyToMono(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .timeout(timeout.multipliedBy(10));
    }

    /** TokenSigner hands out the same token for half its lifetime: no RSA signature per lookup. */
    private String token() {
        return signer.token(ISSUER, null, TokenClaims.ADMIN_ROLE, List.of(SERVICE));
    }
}
