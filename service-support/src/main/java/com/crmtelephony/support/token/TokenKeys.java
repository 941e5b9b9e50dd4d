package com.crmtelephony.support.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Token keys as they come from env vars: RSA, base64 of the DER form (PKCS#8 for a private key,
 * X.509 SubjectPublicKeyInfo for a public one), or the same as PEM. A key's id is its RFC 7638
 * thumbprint, so signer and receivers agree on it without configuring one.
 * {@code scripts/token-keys.sh} makes a pair.
 */
public final class TokenKeys {

    private TokenKeys() {
    }

    public static RSAPublicKey publicKey(String text, String name) {
        try {
            return (RSAPublicKey) rsa().generatePublic(new X509EncodedKeySpec(der(text, name)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(name + " is not an RSA public key (base64 X.509 DER or PEM)", e);
        }
    }

    public static RSAPrivateCrtKey privateKey(String text, String name) {
        try {
            return (RSAPrivateCrtKey) rsa().generatePrivate(new PKCS8EncodedKeySpec(der(text, name)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(name + " is not an RSA private key (base64 PKCS#8 DER or PEM)", e);
        }
    }

    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) rsa().generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JRE", e);
        }
    }

    public static String keyId(RSAPublicKey key) {
        try {
            return new RSAKey.Builder(key).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static byte[] der(String text, String name) {
        if (text == null || text.isBlank() || text.startsWith("${")) {
            // An unresolved placeholder: its env var is not set, and no default exists outside demo.
            throw new IllegalArgumentException(name + " is not set" + (text != null && text.startsWith("${") ? " (" + text + ")" : ""));
        }
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64", e);
        }
    }

    private static KeyFactory rsa() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA");
    }
}
