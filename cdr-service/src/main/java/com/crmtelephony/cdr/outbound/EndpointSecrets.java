package com.crmtelephony.cdr.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import com.crmtelephony.cdr.call.ErasedNumbers;

/**
 * Tenants' endpoint secrets are kept encrypted (AES-256-GCM, a fresh nonce each, the endpoint's
 * row bound in as associated data): whoever reads the database alone cannot sign a webhook a
 * tenant's receiver would believe. The key is derived from {@code PRIVACY_KEY}, a secret of the
 * environment that cdr-service already cannot start without (an HMAC under it with a label of
 * its own: never the key the tombstones use). Stored as {@code v1:} and the base64 of nonce and
 * ciphertext; a secret stored in clear by an earlier version is encrypted at start
 * (OutboundRepository).
 */
@Component
class EndpointSecrets {

    private static final String VERSION = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    EndpointSecrets(ErasedNumbers.PrivacyProperties privacy) {
        this.key = new SecretKeySpec(derive(privacy.pseudonymKey().strip()), "AES");
    }

    private static byte[] derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("crm outbound endpoint secrets v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param endpoint the row it belongs to: a ciphertext moved to another endpoint does not decrypt */
    String seal(String secret, java.util.UUID endpoint) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(endpoint.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String open(String stored, java.util.UUID endpoint) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(VERSION)) {
            return stored; // stored in clear before this version; encrypted at the next start
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            cipher.updateAAD(endpoint.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("An endpoint secret does not decrypt with this PRIVACY_KEY", e);
        }
    }
}
