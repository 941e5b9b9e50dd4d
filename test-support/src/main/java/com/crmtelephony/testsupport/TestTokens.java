package com.crmtelephony.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Tokens as the gateway and the services sign them, and as an attacker would make them, for the
 * services' tests. The keys are made once per test JVM and given to the services under the env
 * var names config-repo reads ({@link #register}), so the real trust configuration is what the
 * tests exercise. The gateway has two keys, as during a rotation.
 */
public final class TestTokens {

    public static final KeyPair GATEWAY = rsa();
    public static final KeyPair GATEWAY_NEXT = rsa();
    public static final KeyPair CDR = rsa();
    public static final KeyPair PBX = rsa();
    public static final KeyPair PHONEBOOK = rsa();
    /** Trusted by no one. */
    public static final KeyPair ATTACKER = rsa();

    /** The services a gateway token for cdr-service names (config-repo, token-audiences). */
    public static final List<String> SERVICES = List.of("cdr-service", "phonebook-service", "pbx-integration-service", "tenant-service");

    private TestTokens() {
    }

    /** The keys as the env vars of scripts/token-keys.sh: every service takes what its configuration names. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("GATEWAY_TOKEN_PUBLIC_KEYS", () -> publicKey(GATEWAY) + "," + publicKey(GATEWAY_NEXT));
        registry.add("CDR_TOKEN_PUBLIC_KEYS", () -> publicKey(CDR));
        registry.add("PBX_TOKEN_PUBLIC_KEYS", () -> publicKey(PBX));
        registry.add("CDR_TOKEN_SIGNING_KEY", () -> privateKey(CDR));
        registry.add("PBX_TOKEN_SIGNING_KEY", () -> privateKey(PBX));
        registry.add("PHONEBOOK_TOKEN_PUBLIC_KEYS", () -> publicKey(PHONEBOOK));
        registry.add("PHONEBOOK_TOKEN_SIGNING_KEY", () -> privateKey(PHONEBOOK));
        registry.add("GATEWAY_TOKEN_SIGNING_KEY", () -> privateKey(GATEWAY));
    }

    public static String publicKey(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    public static String privateKey(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    /** A tenant key's token from the gateway. */
    public static Token tenant(UUID tenant) {
        return new Token().tenant(tenant);
    }

    /** An admin key's token from the gateway. */
    public static Token admin() {
        return new Token().admin();
    }

    /** A service's own token, for its background work. */
    public static Token service(String name, KeyPair key) {
        return new Token().issuer(name).subject(name).admin().key(key);
    }

    /**
     * The claims of a token as a service received it ({@code Bearer ...}), after checking that the
     * key signed it; fails the test otherwise.
     */
    public static java.util.Map<String, Object> verifiedClaims(String authorization, KeyPair key) {
        org.assertj.core.api.Assertions.assertThat(authorization).as("Authorization").startsWith("Bearer ");
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
            org.assertj.core.api.Assertions.assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((RSAPublicKey) key.getPublic())))
                    .as("signed with the expected key").isTrue();
            return jwt.getJWTClaimsSet().toJSONObject().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    java.util.Map.Entry::getKey, e -> claim(jwt, e.getKey())));
        } catch (java.text.ParseException | JOSEException e) {
            throw new AssertionError("not a signed JWT: " + authorization, e);
        }
    }

    private static Object claim(SignedJWT jwt, String name) {
        try {
            return switch (name) {
                case "exp", "iat", "nbf" -> jwt.getJWTClaimsSet().getDateClaim(name);
                case "aud" -> jwt.getJWTClaimsSet().getAudience();
                default -> jwt.getJWTClaimsSet().getClaim(name);
            };
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    public static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    /** A token to sign, by default the gateway's for a tenant key, valid for five minutes. */
    public static final class Token implements RequestPostProcessor {

        private String issuer = "api-gateway";
        private String subject = "test-key";
        private List<String> audience = SERVICES;
        private String role = "tenant";
        private String tenant;
        private KeyPair key = GATEWAY;
        private Instant expires = Instant.now().plus(Duration.ofMinutes(5));

        public Token tenant(UUID tenant) {
            this.role = "tenant";
            this.tenant = tenant.toString();
            return this;
        }

        public Token admin() {
            this.role = "admin";
            this.tenant = null;
            return this;
        }

        public Token role(String role) {
            this.role = role;
            return this;
        }

        public Token issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Token subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Token audience(String... audience) {
            this.audience = List.of(audience);
            return this;
        }

        public Token key(KeyPair key) {
            this.key = key;
            return this;
        }

        public Token expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        public String signed() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                    .issueTime(Date.from(Instant.now().minusSeconds(1))).expirationTime(Date.from(expires))
                    .jwtID(UUID.randomUUID().toString()).claim("role", role);
            if (tenant != null) {
                claims.claim("tenant", tenant);
            }
            try {
                RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                        .keyID(new RSAKey.Builder(publicKey).build().computeThumbprint().toString()).build(), claims.build());
                jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Signed, then its claims swapped for another tenant's: the signature no longer fits. */
        public String tamperedTo(UUID otherTenant) {
            String[] parts = signed().split("\\.");
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]));
            String forged = claims.replace(tenant, otherTenant.toString());
            return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes()) + "." + parts[2];
        }

        /** The same claims, unsigned ("alg": "none"). */
        public String unsigned() {
            String[] parts = signed().split("\\.");
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
            return header + "." + parts[1] + ".";
        }

        @Override
        public org.springframework.mock.web.MockHttpServletRequest postProcessRequest(
                org.springframework.mock.web.MockHttpServletRequest request) {
            request.addHeader("Authorization", "Bearer " + signed());
            return request;
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
