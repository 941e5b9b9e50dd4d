package com.crmtelephony.phonebook.contact;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** A contact as clients send it (compat names; snake_case accepted too). */
@Schema(name = "ContactInput")
public record ContactRequest(
        @Schema(type = "string", example = "35799123456",
                description = "any common format (+357 99 123456, 0035799123456, 99123456 in the tenant's region); a JSON number or a string")
        @JsonAlias({"caller_number", "number"}) JsonNode callerNumber,
        @Schema(example = "alice@example.com") @JsonAlias({"email_id", "email"}) String emailId,
        @Schema(example = "Alice Example") String name) {
}
