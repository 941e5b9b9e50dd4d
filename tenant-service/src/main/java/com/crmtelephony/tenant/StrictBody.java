package com.crmtelephony.tenant;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.errors.InvalidInputException;

/**
 * A registry body read strictly, shared by tenants and keys: an object with only the fields the
 * endpoint takes, and names of a bounded length without control characters. Jackson alone would
 * drop a misspelt field without a word.
 */
public final class StrictBody {

    private StrictBody() {
    }

    /** @throws InvalidInputException when the body is no object, or has a field not in {@code allowed} */
    public static JsonNode object(JsonNode body, Set<String> allowed, String what) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("the body must be a JSON object with " + String.join(", ", allowed));
        }
        for (var field : body.properties()) {
            if (!allowed.contains(field.getKey())) {
                throw new InvalidInputException(printable(field.getKey()) + " is not a field of " + what + "; the fields are "
                        + String.join(", ", allowed));
            }
        }
        return body;
    }

    /** A name: a string, 1 to {@code max} characters once stripped, no NUL or other control characters. */
    public static String name(JsonNode node, int max) {
        if (node == null || !node.isString()) {
            throw new InvalidInputException("name must be a string of 1 to " + max + " characters");
        }
        String stripped = node.stringValue().strip();
        if (stripped.isEmpty() || stripped.length() > max) {
            throw new InvalidInputException("name must be 1 to " + max + " characters");
        }
        if (node.stringValue().chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name must not contain NUL or other control characters");
        }
        return stripped;
    }

    /** A field name echoed back: bounded, and nothing a terminal or a log would act on. */
    private static String printable(String field) {
        String cut = field.length() > 40 ? field.substring(0, 40) + "…" : field;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
