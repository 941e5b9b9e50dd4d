package com.crmtelephony.phonebook.contact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/** A contact found for one number of a lookup; {@code number} is that number exactly as asked. */
@Schema(name = "LookupMatch")
@JsonPropertyOrder({"number", "callerNumber", "name", "emailId", "normalizedNumber"})
public record LookupMatch(String number, String callerNumber, String name, String emailId, String normalizedNumber) {
}
