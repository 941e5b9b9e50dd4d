package com.crmtelephony.phonebook.csvimport;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What an import did with each data row: {@code imported} new contacts, {@code updated}
 * changed ones, {@code unchanged} rows already stored as they are, {@code rejected} rows, each
 * explained in {@code errors} with its line in the file.
 */
@JsonPropertyOrder({"rows", "imported", "updated", "unchanged", "rejected", "errors"})
public record ImportReport(int rows, int imported, int updated, int unchanged, int rejected, List<RowError> errors) {

    /** Line in the file (the header is line 1), the column at fault, and why the row was rejected. */
    public record RowError(long line, String field, String reason) {
    }
}
