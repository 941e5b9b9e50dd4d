package com.crmtelephony.cdr.call;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * A call as clients and the PBX send it: camelCase (compat examples) or snake_case (the PBX
 * wire format). Numbers may be JSON numbers or strings; {@link CallValidator} checks the rest.
 */
@Schema(name = "CallInput", description = "A call; snake_case names are accepted too (caller_number, call_start, ...)")
public record CallRequest(
        @Schema(example = "d5a3c9e0-7c1f-4b1e-9a57-3f2c1b7d9e10", maxLength = 64) String uuid,
        @JsonAlias("domain_name") String domainName,
        @JsonAlias("caller_name") String callerName,
        @Schema(type = "string", example = "35799123456", description = "digits, optionally with a leading +; a JSON number or a string")
        @JsonAlias("caller_number") JsonNode callerNumber,
        @Schema(type = "string", example = "35722000111")
        @JsonAlias("destination_number") JsonNode destinationNumber,
        @Schema(allowableValues = {"inbound", "outbound"}) String direction,
        @JsonAlias("call_start") Instant callStart,
        @JsonAlias("ring_start") Instant ringStart,
        @JsonAlias("answer_start") Instant answerStart,
        @JsonAlias("call_end") Instant callEnd,
        @Schema(type = "number", example = "42", description = "seconds; a fraction (as the original PBX sends) is rounded "
                + "to the nearest second, halves up")
        BigDecimal duration,
        @Schema(maxLength = 64) String recording,
        @JsonAlias("click_to_call") Boolean clickToCall,
        @JsonAlias("click_to_call_data") String clickToCallData,
        @Schema(allowableValues = {"ORIGINATE", "RING", "ANSWERED", "HANGUP"}) String action) {
}
