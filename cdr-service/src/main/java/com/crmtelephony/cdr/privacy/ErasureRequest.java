package com.crmtelephony.cdr.privacy;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import static com.crmtelephony.support.web.ProblemResponses.badRequest;

/**
 * Whom to erase: a phone number or an e-mail address, exactly one.
 *
 * @param tenant whose data; a tenant key may name only its own
 */
record ErasureRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID tenant,
        @Schema(description = "the person's number in any written form (+357 99 123456, 0035799123456, 99123456)",
                example = "+357 99 123456") String number,
        @Schema(description = "the person's e-mail address: the contacts with it go, and their numbers as a number would",
                example = "alice@example.com") String email) {

    /** What is erased, in the form that keys the receipt: the number's digits (and +), the address in lower case. */
    record Subject(String kind, String value) {
    }

    Subject subject() {
        if (tenant == null) {
            throw badRequest("tenant is required");
        }
        if ((number == null) == (email == null)) {
            throw badRequest("send exactly one of number and email");
        }
        if (number != null) {
            String digits = number.strip().replaceAll("[\\s().-]", "");
            if (!digits.matches("\\+?[0-9]{6,31}")) {
                throw badRequest("number must be a phone number: 6 to 31 digits, spaces, dots, dashes or brackets, a leading +");
            }
            return new Subject("number", digits);
        }
        String address = email.strip().toLowerCase(java.util.Locale.ROOT);
        if (address.length() > 320 || !address.matches("[^@\\s]+@[^@\\s]+")) {
            throw badRequest("email must be an e-mail address");
        }
        return new Subject("email", address);
    }
}
