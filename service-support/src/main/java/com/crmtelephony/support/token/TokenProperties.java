package com.crmtelephony.support.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A service's side of the suite's tokens ({@code crm.tokens}, config-repo).
 *
 * @param audience   this service's name in a token's audience: a token for another service is refused
 * @param trusted    the signers this service believes, by issuer: each with its public keys and the
 *                   endpoints its tokens may call
 * @param openPaths  paths that need no token because they authenticate otherwise (the PBX's webhook,
 *                   by its signature); API docs and health are always open
 * @param signingKey this service's own private key, for its background work (base64 PKCS#8, from
 *                   an env var of its own); null in a service that calls no other
 * @param sendTo     the HTTP service groups (services of the suite) whose requests carry a token:
 *                   the caller's, relayed, or this service's own; others (the PBX) never get one
 * @param lifetime   how long a token this service signs is valid
 * @param maxLifetime a token whose expiry lies further ahead than this is refused, whoever signed it
 * @param clockSkew  how far the signer's clock may be off this one's
 */
@ConfigurationProperties("crm.tokens")
public record TokenProperties(
        String audience,
        Map<String, Issuer> trusted,
        List<String> openPaths,
        String signingKey,
        List<String> sendTo,
        @DefaultValue("5m") Duration lifetime,
        @DefaultValue("10m") Duration maxLifetime,
        @DefaultValue("30s") Duration clockSkew) {

    public TokenProperties {
        trusted = trusted == null ? Map.of() : Map.copyOf(trusted);
        openPaths = openPaths == null ? List.of() : List.copyOf(openPaths);
        sendTo = sendTo == null ? List.of() : List.copyOf(sendTo);
    }

    /**
     * @param publicKeys the issuer's RSA public keys (base64 X.509 DER or PEM); two while its key
     *                   rotates: tokens signed by either are accepted
     * @param endpoints  what its tokens may call, each {@code [METHOD ]path-pattern}: {@code /**}
     *                   for the gateway, whose tokens are then limited by their role; a service's
     *                   own token only what its work needs
     * @param except     what its tokens may not call although {@code endpoints} take it, in the same
     *                   form: a service-to-service endpoint (an erasure's part) is no caller's, even
     *                   an admin's through the gateway
     */
    public record Issuer(List<String> publicKeys, List<String> endpoints, List<String> except) {

        public Issuer {
            publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            except = except == null ? List.of() : List.copyOf(except);
        }
    }
}
