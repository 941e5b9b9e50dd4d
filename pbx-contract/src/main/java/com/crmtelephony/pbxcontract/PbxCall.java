package com.crmtelephony.pbxcontract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A call as the PBX sends it, in {@code /get_cdr}, {@code /cdrs} and webhooks: snake_case,
 * numbers as JSON numbers, times in UTC with milliseconds.
 */
@JsonPropertyOrder({"uuid", "domain_name", "caller_name", "caller_number", "destination_number", "direction",
        "call_start", "ring_start", "answer_start", "call_end", "duration", "recording", "click_to_call",
        "click_to_call_data", "action"})
public record PbxCall(
        String uuid,
        @JsonProperty("domain_name") String domainName,
        @JsonProperty("caller_name") String callerName,
        @JsonProperty("caller_number") Long callerNumber,
        @JsonProperty("destination_number") Long destinationNumber,
        String direction,
        @JsonProperty("call_start") @JsonFormat(pattern = TIME, timezone = "UTC") Instant callStart,
        @JsonProperty("ring_start") @JsonFormat(pattern = TIME, timezone = "UTC") Instant ringStart,
        @JsonProperty("answer_start") @JsonFormat(pattern = TIME, timezone = "UTC") Instant answerStart,
        @JsonProperty("call_end") @JsonFormat(pattern = TIME, timezone = "UTC") Instant callEnd,
        // Whole seconds from this project's PBX; the original PBX sends fractions (42.317).
        Number duration,
        String recording,
        @JsonProperty("click_to_call") Boolean clickToCall,
        @JsonProperty("click_to_call_data") String clickToCallData,
        String action) {

    public static final String TIME = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

    /** The header that names the tenant of a PBX request, response or webhook (compat). */
    public static final String TENANT_HEADER = "Tenant-UUID";
}
