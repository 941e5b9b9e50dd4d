package com.crmtelephony.support.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A bearer token checked by its own issuer's keys and rules ({@link TrustedIssuers}), once: the
 * gateway hands out the same token for a key and service for minutes, and parsing, verifying and
 * converting it on every request would cost more than most requests' own work (bench/RESULTS.md,
 * gateway overhead). The very same string, seen again, is the authentication it was then, as
 * long as it has not expired since; nothing else about a token changes with time. Only tokens
 * that passed are remembered, at most {@link #MAX}, after which the memory starts over.
 */
final class TokenAuthentication implements AuthenticationManager {

    static final int MAX = 10_000;

    private final TrustedIssuers issuers;
    private final Clock clock;
    private final Duration clockSkew;
    private final Map<String, JwtAuthenticationToken> checked = new ConcurrentHashMap<>();

    TokenAuthentication(TrustedIssuers issuers, Clock clock, Duration clockSkew) {
        this.issuers = issuers;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        JwtAuthenticationToken known = checked.get(token);
        if (known != null && clock.instant().minus(clockSkew).isBefore(known.getToken().getExpiresAt())) {
            return known;
        }
        checked.remove(token);
        AuthenticationManager issuer = issuers.authenticationFor(issuerOf(token));
        if (issuer == null) {
            throw new InvalidBearerTokenException("The token's issuer is not trusted here");
        }
        JwtAuthenticationToken result = (JwtAuthenticationToken) issuer.authenticate(authentication);
        if (checked.size() >= MAX) {
            checked.clear();
        }
        checked.put(token, result);
        return result;
    }

    /** Read before any signature is checked: it only picks whose keys check it. */
    private static String issuerOf(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidBearerTokenException("The token is not a JWT", e);
        }
    }

    /** @return how many tokens are remembered (for tests) */
    int remembered() {
        return checked.size();
    }
}
