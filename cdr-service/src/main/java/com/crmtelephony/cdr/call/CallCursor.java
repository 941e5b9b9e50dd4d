package com.crmtelephony.cdr.call;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crmtelephony.support.errors.InvalidInputException;

/**
 * Where a keyset page of calls ends, in the list's order (newest start first, calls without a
 * start last, then by id): the next page starts after it without counting what came before, so
 * a deep page costs what the first does and calls added meanwhile do not shift it. Opaque to
 * clients; a cursor names no tenant, the request's token does.
 */
record CallCursor(Instant callStart, long id) {

    private static final Pattern FORM = Pattern.compile("c1:(-|-?\\d{1,19}\\.\\d{1,9}):(\\d{1,19})");

    String encode() {
        String start = callStart == null ? "-" : callStart.getEpochSecond() + "." + callStart.getNano();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + start + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static CallCursor decode(String text) {
        try {
            Matcher m = FORM.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII));
            if (m.matches()) {
                String start = m.group(1);
                int dot = start.indexOf('.');
                return new CallCursor(start.equals("-") ? null
                        : Instant.ofEpochSecond(Long.parseLong(start.substring(0, dot)), Long.parseLong(start.substring(dot + 1))),
                        Long.parseLong(m.group(2)));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException malformed) {
            // answered below
        }
        throw new InvalidInputException("cursor is not one this service gave (take it from the X-Next-Cursor header of the previous page)");
    }
}
