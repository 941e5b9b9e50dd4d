package com.crmtelephony.tenant.registry;

import java.time.ZoneId;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.errors.InvalidInputException;

/**
 * A tenant's fields as a request writes them, read strictly: an object with only the fields this
 * endpoint takes, each a string of its form. Jackson alone would take a number for a name and
 * drop a misspelt field, so that {@code {"timezone": ...}} kept the old zone without a word.
 *
 * @param name     1-100 characters, no control characters; null: not sent
 * @param region   ISO 3166 alpha-2, upper case; null: not sent
 * @param timeZone an IANA zone id; null: not sent
 */
record TenantFields(String name, String region, String timeZone, Boolean suspended) {

    static final int MAX_NAME = 100;
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    static TenantFields read(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("the body must be a JSON object with " + String.join(", ", allowed));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!allowed.contains(field)) {
                throw new InvalidInputException(printable(field) + " is not a field of a tenant here; the fields are "
                        + String.join(", ", allowed));
            }
        }
        return new TenantFields(name(body.get("name")), region(body.get("region")), timeZone(body.get("timeZone")),
                suspended(body.get("suspended")));
    }

    private static String name(JsonNode node) {
        if (node == null) {
            return null;
        }
        String name = text(node, "name");
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw new InvalidInputException("name must be 1 to " + MAX_NAME + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name must not contain NUL or other control characters");
        }
        return stripped;
    }

    private static String region(JsonNode node) {
        if (node == null) {
            return null;
        }
        String region = text(node, "region").strip().toUpperCase(Locale.ROOT);
        if (!REGIONS.contains(region)) {
            throw new InvalidInputException("region must be an ISO 3166 alpha-2 country code, such as CY or GB");
        }
        return region;
    }

    private static String timeZone(JsonNode node) {
        if (node == null) {
            return null;
        }
        String zone = text(node, "timeZone").strip();
        if (!ZONES.contains(zone)) {
            throw new InvalidInputException("timeZone must be an IANA time zone, such as Europe/Nicosia");
        }
        return zone;
    }

    private static Boolean suspended(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new InvalidInputException("suspended must be true or false");
        }
        return node.booleanValue();
    }

    private static String text(JsonNode node, String field) {
        if (!node.isString()) {
            throw new InvalidInputException(field + " must be a string");
        }
        String text = node.stringValue();
        if (text.indexOf('\0') >= 0) {
            throw new InvalidInputException(field + " must not contain NUL characters");
        }
        return text;
    }

    /** A field name echoed back: bounded, and nothing a terminal or a log would act on. */
    private static String printable(String field) {
        String cut = field.length() > 40 ? field.substring(0, 40) + "…" : field;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
