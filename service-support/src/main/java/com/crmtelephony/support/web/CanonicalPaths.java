package com.crmtelephony.support.web;

import java.util.Locale;

/**
 * The one rule for request paths, at the gateway and in every service: a path is taken as it is
 * written or refused. Access rules and routes match paths as text, and a decoder, a router or a
 * container that normalises a path differently from them is how a rule is walked round
 * ({@code /cdr-service//cdr/reports}). Refused, following Spring Security's
 * {@code StrictHttpFirewall}: empty segments, {@code .} and {@code ..} segments, a trailing
 * {@code /}, backslashes, {@code ;} path parameters, characters outside printable ASCII, and the
 * encoded forms of {@code /}, {@code \}, {@code .}, {@code ;}, {@code %} and control characters
 * (NUL among them). Nothing is repaired: a client that sends such a path gets 400.
 */
public final class CanonicalPaths {

    private CanonicalPaths() {
    }

    /** @return null if the raw (undecoded) path is canonical, else why it is not */
    public static String violation(String rawPath) {
        return violation(rawPath, false);
    }

    /**
     * As {@link #violation(String)}, with a trailing {@code /} allowed where a protocol needs it
     * (Eureka's own clients ask for {@code /eureka/apps/}).
     */
    public static String violation(String rawPath, boolean allowTrailingSlash) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "the path must start with '/'";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "the path may contain only printable ASCII characters";
            }
            if (c == '\\') {
                return "the path must not contain '\\'";
            }
            if (c == ';') {
                return "the path must not contain ';' (path parameters)";
            }
            if (c == '%') {
                String reason = encoded(rawPath, i);
                if (reason != null) {
                    return reason;
                }
            }
        }
        if (rawPath.length() == 1) {
            return null;
        }
        boolean trailing = rawPath.endsWith("/");
        if (trailing && !allowTrailingSlash) {
            return "the path must not end with '/'";
        }
        // From 1: the leading '/' opens the first segment.
        String segments = trailing ? rawPath.substring(1, rawPath.length() - 1) : rawPath.substring(1);
        for (String segment : segments.split("/", -1)) {
            if (segment.isEmpty()) {
                return "the path must not contain empty segments ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "the path must not contain '.' or '..' segments";
            }
        }
        return null;
    }

    private static String encoded(String path, int at) {
        if (at + 2 >= path.length() || hex(path.charAt(at + 1)) < 0 || hex(path.charAt(at + 2)) < 0) {
            return "the path has a malformed percent-encoding";
        }
        int value = hex(path.charAt(at + 1)) * 16 + hex(path.charAt(at + 2));
        if (value < 0x20 || value == 0x7f) {
            return "the path must not contain encoded control characters (NUL among them)";
        }
        return switch (value) {
            case '/', '\\', '.', ';', '%' -> "the path must not contain an encoded '"
                    + (char) value + "' (" + path.substring(at, at + 3).toUpperCase(Locale.ROOT) + ")";
            default -> null;
        };
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
