package com.crmtelephony.cdr.privacy;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.numbers.PhoneNumbers;

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

    /** What is erased: the number as written (its key is the phone book's), the address in lower case. */
    record Subject(String kind, String value) {
    }

    Subject subject() {
        if (tenant == null) {
            throw new InvalidInputException("tenant is required");
        }
        if ((number == null) == (email == null)) {
            throw new InvalidInputException("send exactly one of number and email");
        }
        if (number != null) {
            // The phone book's rule of what a number is (3 to 15 digits, a leading +, separators);
            // checked here, before any service is asked. The key it is erased under comes after.
            if (PhoneNumbers.key(number, "ZZ").isEmpty()) {
                throw new InvalidInputException("number " + PhoneNumbers.WHAT_IS_A_NUMBER);
            }
            return new Subject("number", number.strip());
        }
        String address = email.strip().toLowerCase(java.util.Locale.ROOT);
        if (address.length() > 320 || !address.matches("[^@\\s]+@[^@\\s]+") || address.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("email must be an e-mail address (no control characters, at most 320 characters)");
        }
        return new Subject("email", address);
    }
}
