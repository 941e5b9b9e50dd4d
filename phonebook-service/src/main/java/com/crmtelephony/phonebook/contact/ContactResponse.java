package com.crmtelephony.phonebook.contact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/** A contact as the API returns it: the compat fields, then the normalised number. */
@Schema(name = "Contact")
@JsonPropertyOrder({"callerNumber", "emailId", "name", "normalizedNumber"})
public record ContactResponse(
        @Schema(description = "the number as it was given") String callerNumber,
        String emailId,
        String name,
        @Schema(description = "E.164", example = "+35799123456") String normalizedNumber) {

    static ContactResponse of(Contact c) {
        return new ContactResponse(c.rawNumber(), c.email(), c.name(), c.number());
    }
}
