package com.crmtelephony.cdr.call;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What an upsert did: {@code unchanged} calls were replays of what was already stored. */
@JsonPropertyOrder({"received", "inserted", "updated", "unchanged", "tenant"})
public record UpsertSummary(int received, int inserted, int updated, int unchanged, UUID tenant) {
}
