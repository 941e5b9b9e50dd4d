package com.crmtelephony.tenant.registry;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.tenant.StrictBody;

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
        StrictBody.object(body, allowed, "a tenant here");
        JsonNode name = body.get("name");
        return new TenantFields(name == null ? null : StrictBody.name(name, MAX_NAME), region(body.get("region")),
                timeZone(body.get("timeZone")), suspended(body.get("suspended")));
    }

    /**
     * The id a new tenant asks for: the one its PBX already knows it by (the PBX names a webhook's
     * tenant by it); null: not sent, the registry makes one.
     */
    static java.util.UUID id(JsonNode body) {
        JsonNode node = body.get("id");
        if (node == null) {
            return null;
        }
        try {
            java.util.UUID id = java.util.UUID.fromString(text(node, "id").strip());
            if (id.toString().equalsIgnoreCase(node.stringValue().strip())) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw new InvalidInputException("id must be a UUID such as 11111111-1111-4111-8111-111111111111");
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
}
