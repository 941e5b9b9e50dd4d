package com.crmtelephony.phonebook.contact;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One broken rule of a request: {@code index} in a JSON list, {@code line} in a CSV file
 * (both null for a single record).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(Integer index, Long line, String field, String message) {

    String describe() {
        return (index != null ? "[" + index + "]." : line != null ? "line " + line + ": " : "") + field + " " + message;
    }
}
