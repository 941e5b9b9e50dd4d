package com.crmtelephony.support.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * Long work as clients see it ({@code GET …/jobs/{id}}): its state, {@code done} out of
 * {@code total} (absent while not known yet), the first {@link Jobs#MAX_ERRORS} errors so far and
 * how many there were, and once it has ended, what the synchronous form would have answered
 * ({@code result}) or why it failed ({@code failure}).
 */
@JsonPropertyOrder({"id", "kind", "state", "done", "total", "errorCount", "errors", "result", "failure",
        "createdAt", "updatedAt", "finishedAt"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(UUID id, String kind, State state, long done, Long total, long errorCount, List<JsonNode> errors,
                  JsonNode result, String failure, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean ended() {
            return this == SUCCEEDED || this == FAILED;
        }
    }
}
