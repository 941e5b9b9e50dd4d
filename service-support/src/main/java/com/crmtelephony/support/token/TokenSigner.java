package com.crmtelephony.support.token;

import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the short-lived tokens (JWT, RS256) that requests between the suite's parts carry. A
 * token is kept for half its lifetime and handed out again for the same subject, tenant, role
 * and audience: an RSA signature costs a millisecond, so it is made once per key and service
 * every few minutes, not per request, and every token handed out has at least half its lifetime
 * left.
 */
public class TokenSigner {

    /** Who a token is for: one entry per API key (or service) and audience. */
    private record Subject(String name, String tenant, String role, List<String> audience) {
    }

    private record Signed(String token, Instant renewAt) {
    }

    private final String issuer;
    private final RSASSASigner signer;
    private final String keyId;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<Subject, Signed> cache = new ConcurrentHashMap<>();

    /**
     * @param issuer     this signer's name, the receivers' key to the public keys they trust for it
     * @param privateKey base64 PKCS#8 (or PEM) RSA key, from an env var of the signer's own
     * @param keyName    the key's setting, named in the error when it is missing or not a key
     */
    public TokenSigner(String issuer, String privateKey, String keyName, Duration lifetime, Clock clock) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("A token signer needs a name (spring.application.name)");
        }
        RSAPrivateCrtKey key = TokenKeys.privateKey(privateKey, keyName);
        this.issuer = issuer;
        this.signer = new RSASSASigner(key);
        this.keyId = TokenKeys.keyId(TokenKeys.publicKeyOf(key));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * @param tenant   the one tenant the token acts for, or null (admin and service tokens)
     * @param audience the services that may act on it: the one it is sent to first
     */
    public String token(String subject, String tenant, String role, List<String> audience) {
        Instant now = clock.instant();
        Subject who = new Subject(subject, tenant, role, audience);
        Signed signed = cache.get(who);
        if (signed == null || !now.isBefore(signed.renewAt())) {
            signed = new Signed(sign(who, now), now.plus(lifetime.dividedBy(2)));
            cache.put(who, signed);
        }
        return signed.token();
    }

    private String sign(Subject who, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(who.name())
                .audience(who.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(TokenClaims.ROLE, who.role());
        if (who.tenant() != null) {
            claims.claim(TokenClaims.TENANT, who.tenant());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token as " + issuer, e);
        }
        return jwt.serialize();
    }
}
