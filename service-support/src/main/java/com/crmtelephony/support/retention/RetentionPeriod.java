package com.crmtelephony.support.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import com.crmtelephony.support.errors.InvalidInputException;


/**
 * How long a tenant's data of one kind is kept, as its settings show it and an admin sets it.
 * {@code days} must be sent, even as null: a body that misspells it must not keep everything.
 *
 * @param days whole days from the data's time; null: kept as long as the tenant exists (the default)
 */
public record RetentionPeriod(
        @JsonProperty(required = true)
        @Schema(description = "days to keep (1-36500); null keeps everything (the default)",
                requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, example = "365")
        Integer days) {

    public static final int MAX_DAYS = 36_500;

    public static final RetentionPeriod KEEP_EVERYTHING = new RetentionPeriod(null);

    /**
     * Read strictly: an object with {@code days} and nothing else, a whole number or null. Jackson
     * alone would take 1.5 as 1 and a body without days as null, which keeps everything; here a
     * slip is a 400, never a shorter or longer period than meant.
     *
     * @throws org.springframework.web.ErrorResponseException 400 for anything else
     */
    public static RetentionPeriod of(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("days") || body.size() != 1) {
            throw new InvalidInputException("the body must be {\"days\": <whole days, 1-" + MAX_DAYS + ">} or {\"days\": null}");
        }
        JsonNode days = body.get("days");
        if (days.isNull()) {
            return KEEP_EVERYTHING;
        }
        if (!days.isIntegralNumber() || !days.canConvertToInt()) {
            throw new InvalidInputException("days must be a whole number of days, or null to keep everything");
        }
        return new RetentionPeriod(days.intValue()).checked();
    }

    /** @throws org.springframework.web.ErrorResponseException 400 when days is out of range */
    public RetentionPeriod checked() {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw new InvalidInputException("days must be between 1 and " + MAX_DAYS + ", or null to keep everything");
        }
        return this;
    }
}
