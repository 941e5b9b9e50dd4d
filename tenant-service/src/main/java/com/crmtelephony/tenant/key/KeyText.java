package com.crmtelephony.tenant.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key's text and what is kept of it. The text is {@value #PREFIX} and 32 random bytes in
 * base64url: the prefix lets a leaked key be found by searching code and logs for it. Only the
 * HMAC-SHA256 under the deployment's key secret is stored (as the gateway computes it), and the
 * first {@value #SHOWN} characters, to tell keys apart in a list.
 */
final class KeyText {

    static final String PREFIX = "crmk_";
    static final int SHOWN = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyText() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String prefix(String key) {
        return key.substring(0, SHOWN);
    }

    static String hmac(String secret, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
