package com.crmtelephony.support.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures, of the PBX's webhooks (verified by pbx-integration-service) and of
 * cdr-service's own to a tenant's endpoints: {@code webhook-signature} is {@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}. A secret written {@code whsec_<base64>} is that
 * key; any other secret is used as its UTF-8 bytes.
 * <p>
 * A PBX that serves several tenants signs each tenant's webhooks with that tenant's own key
 * ({@link #forTenant}), so a delivery signed for one tenant does not verify when its
 * {@code Tenant-UUID} is changed to another.
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    /** Why a webhook was refused. */
    public enum Failure { MISSING_HEADERS, BAD_TIMESTAMP, STALE, BAD_SIGNATURE }

    private final byte[] key;

    public WebhookSignature(String secret) {
        this(keyOf(secret));
    }

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /**
     * The signature of one tenant's webhooks: keyed by HMAC-SHA256(secret, "tenant:" + tenant), so
     * one shared secret gives every tenant a key of its own that no other tenant's key reveals.
     */
    public static WebhookSignature forTenant(String secret, UUID tenant) {
        return new WebhookSignature(hmac(keyOf(secret), "tenant:" + tenant));
    }

    /**
     * The secret of {@link #forTenant}'s key as a secret of its own ({@code whsec_} and its base64):
     * {@code new WebhookSignature(tenantSecret(s, t))} signs as {@code forTenant(s, t)} does, so a
     * tenant of a shared secret can be given its own connection without its PBX noticing.
     */
    public static String tenantSecret(String secret, UUID tenant) {
        return "whsec_" + Base64.getEncoder().encodeToString(hmac(keyOf(secret), "tenant:" + tenant));
    }

    /**
     * Why a secret is too weak to sign with, or null when it is not: Standard Webhooks asks for 24
     * random bytes at least, given as whsec_ and their base64 or as a text of 24 bytes or more.
     */
    public static String weakness(String secret) {
        if (secret == null || secret.isBlank()) {
            return "is empty";
        }
        byte[] key;
        try {
            key = keyOf(secret);
        } catch (IllegalArgumentException notBase64) {
            return "starts with whsec_ but is no base64 after it";
        }
        return key.length < 24 ? "is shorter than 24 bytes: make one with openssl rand -base64 32" : null;
    }

    private static byte[] keyOf(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        return secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} header value for this message. */
    public String sign(String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(id + "." + timestamp + "." + body));
    }

    /**
     * @return null when the message is authentic and its timestamp within {@code tolerance} of
     *         {@code now}; otherwise the reason it is not
     */
    public Failure verify(String id, String timestamp, String signatures, String body, Instant now, Duration tolerance) {
        if (id == null || timestamp == null || signatures == null) {
            return Failure.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Failure.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return Failure.STALE;
        }
        byte[] expected = hmac(id + "." + seconds + "." + body);
        // The header may carry several space-separated signatures (key rotation): one must match.
        for (String candidate : signatures.trim().split(" +")) {
            if (candidate.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return null;
                }
            }
        }
        return Failure.BAD_SIGNATURE;
    }

    private byte[] hmac(String content) {
        return hmac(key, content);
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
