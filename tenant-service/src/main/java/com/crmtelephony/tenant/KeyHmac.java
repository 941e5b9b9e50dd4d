package com.crmtelephony.tenant;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which a key travels between the gateway, configuration and this registry: the
 * HMAC-SHA256 of the key under API_KEY_SECRET, 64 hex digits, stored and compared in lower case.
 */
public final class KeyHmac {

    private static final Pattern FORM = Pattern.compile("[0-9a-fA-F]{64}");

    private KeyHmac() {
    }

    /** The HMAC in lower case, or null when the text is not 64 hex digits. */
    public static String normalised(String text) {
        return text != null && FORM.matcher(text).matches() ? text.toLowerCase(Locale.ROOT) : null;
    }
}
