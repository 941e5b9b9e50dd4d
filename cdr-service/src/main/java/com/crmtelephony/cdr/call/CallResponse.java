package com.crmtelephony.cdr.call;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/** A call as the API returns it: camelCase, times with milliseconds in UTC (compat). */
@Schema(name = "Call")
@JsonPropertyOrder({"uuid", "domainName", "callerName", "callerNumber", "destinationNumber", "direction",
        "callStart", "ringStart", "answerStart", "callEnd", "duration", "recording", "clickToCall",
        "clickToCallData", "action"})
public record CallResponse(
        String uuid,
        String domainName,
        String callerName,
        @Schema(type = "string", description = "a JSON number if it arrived as one, else a string") Object callerNumber,
        @Schema(type = "string") Object destinationNumber,
        String direction,
        @JsonFormat(pattern = TIME, timezone = "UTC") Instant callStart,
        @JsonFormat(pattern = TIME, timezone = "UTC") Instant ringStart,
        @JsonFormat(pattern = TIME, timezone = "UTC") Instant answerStart,
        @JsonFormat(pattern = TIME, timezone = "UTC") Instant callEnd,
        Integer duration,
        String recording,
        Boolean clickToCall,
        String clickToCallData,
        String action) {

    static final String TIME = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

    public static CallResponse of(Call c) {
        return new CallResponse(c.uuid(), c.domainName(), c.callerName(),
                c.callerNumber() == null ? null : c.callerNumber().json(),
                c.destinationNumber() == null ? null : c.destinationNumber().json(),
                c.direction() == null ? null : c.direction().wire(),
                c.callStart(), c.ringStart(), c.answerStart(), c.callEnd(), c.duration(), c.recording(),
                c.clickToCall(), c.clickToCallData(), c.action() == null ? null : c.action().name());
    }
}
