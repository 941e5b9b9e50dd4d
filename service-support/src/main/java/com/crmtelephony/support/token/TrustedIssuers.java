package com.crmtelephony.support.token;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The signers a service believes and what each may do. A token is checked with its own issuer's
 * keys only (a key trusted for the PBX integration cannot sign a gateway token), for this
 * service's audience, within its times and the longest lifetime any signer may give, and with a
 * role that makes sense; then its issuer's endpoints decide whether it may call the one asked.
 */
public class TrustedIssuers {

    private record Trust(AuthenticationManager authentication, List<RequestMatcher> endpoints, List<RequestMatcher> except) {
    }

    private final Map<String, Trust> issuers = new LinkedHashMap<>();

    public TrustedIssuers(TokenProperties properties, Clock clock) {
        if (properties.audience() == null || properties.audience().isBlank()) {
            throw new IllegalArgumentException("crm.tokens.audience is not set: this service's name in a token's audience");
        }
        if (properties.trusted().isEmpty()) {
            throw new IllegalArgumentException("crm.tokens.trusted names no signer: no request could be let in "
                    + "(config-repo names the gateway's keys, GATEWAY_TOKEN_PUBLIC_KEYS)");
        }
        properties.trusted().forEach((issuer, trusted) -> issuers.put(issuer, new Trust(
                new ProviderManager(new JwtAuthenticationProvider(decoder(issuer, trusted, properties, clock))),
                endpoints(issuer, trusted), matchers(trusted.except()))));
    }

    /** Spring Security's multi-issuer resolver asks this; an issuer not listed gets no manager: 401. */
    public AuthenticationManager authenticationFor(String issuer) {
        Trust trust = issuers.get(issuer);
        return trust == null ? null : trust.authentication();
    }

    public boolean mayCall(String issuer, HttpServletRequest request) {
        Trust trust = issuer == null ? null : issuers.get(issuer);
        return trust != null && trust.endpoints().stream().anyMatch(m -> m.matches(request))
                && trust.except().stream().noneMatch(m -> m.matches(request));
    }

    private static NimbusJwtDecoder decoder(String issuer, TokenProperties.Issuer trusted, TokenProperties properties,
                                            Clock clock) {
        if (trusted.publicKeys().isEmpty()) {
            throw new IllegalArgumentException("crm.tokens.trusted." + issuer + ".public-keys is empty");
        }
        List<JWK> keys = new ArrayList<>();
        for (int i = 0; i < trusted.publicKeys().size(); i++) {
            RSAPublicKey key = TokenKeys.publicKey(trusted.publicKeys().get(i),
                    "crm.tokens.trusted." + issuer + ".public-keys[" + i + "]");
            keys.add(new RSAKey.Builder(key).keyID(TokenKeys.keyId(key)).algorithm(JWSAlgorithm.RS256).build());
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // RS256 and these keys only: "none", HMAC with a public key as its secret and keys a token
        // names itself (jwk, jku) find nothing to verify with.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(keys))));
        // The claims are Spring Security's to check, below.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator times = new JwtTimestampValidator(properties.clockSkew());
        times.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                times, new JwtIssuerValidator(issuer), claims(properties, clock))));
        return decoder;
    }

    /** Audience, a bounded lifetime (an expiry is required) and a role the services know. */
    private static OAuth2TokenValidator<Jwt> claims(TokenProperties properties, Clock clock) {
        return jwt -> {
            List<String> audience = jwt.getAudience();
            if (audience == null || !audience.contains(properties.audience())) {
                return invalid("The token is not for " + properties.audience());
            }
            Instant expires = jwt.getExpiresAt();
            if (expires == null || expires.isAfter(clock.instant().plus(properties.maxLifetime()).plus(properties.clockSkew()))) {
                return invalid("The token has no expiry, or one further ahead than " + properties.maxLifetime());
            }
            String role = jwt.getClaimAsString(TokenClaims.ROLE);
            if (TokenClaims.ADMIN_ROLE.equals(role)) {
                return OAuth2TokenValidatorResult.success();
            }
            if (TokenClaims.TENANT_ROLE.equals(role) && isUuid(jwt.getClaimAsString(TokenClaims.TENANT))) {
                return OAuth2TokenValidatorResult.success();
            }
            return invalid("The token names no known role, or a tenant role without its tenant");
        };
    }

    private static OAuth2TokenValidatorResult invalid(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
    }

    private static boolean isUuid(String text) {
        try {
            return text != null && UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<RequestMatcher> endpoints(String issuer, TokenProperties.Issuer trusted) {
        if (trusted.endpoints().isEmpty()) {
            throw new IllegalArgumentException("crm.tokens.trusted." + issuer + ".endpoints is empty: what may its tokens "
                    + "call? (/** for the gateway, whose tokens are limited by their role)");
        }
        return matchers(trusted.endpoints());
    }

    /** Each {@code [METHOD ]path-pattern}. */
    private static List<RequestMatcher> matchers(List<String> endpoints) {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String endpoint : endpoints) {
            String[] parts = endpoint.trim().split("\\s+", 2);
            matchers.add(parts.length == 2
                    ? PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(parts[0]), parts[1])
                    : PathPatternRequestMatcher.withDefaults().matcher(parts[0]));
        }
        return matchers;
    }
}
