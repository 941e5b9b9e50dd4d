package com.crmtelephony.phonebook.contact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What a list upsert did: {@code unchanged} records were already stored as sent. */
@JsonPropertyOrder({"received", "inserted", "updated", "unchanged"})
public record UpsertSummary(int received, int inserted, int updated, int unchanged) {
}
