package com.crmtelephony.phonebook.number;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTests {

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
            "+35799123456, CY, +35799123456",
            "35799123456, CY, +35799123456",
            "0035799123456, CY, +35799123456",
            "99123456, CY, +35799123456",
            "'+357 99 123 456', CY, +35799123456",
            "'+357 (99) 123-456', CY, +35799123456",
            "447911123456, CY, +447911123456",
            "07911 123456, GB, +447911123456",
            "35799123456, GB, +35799123456",
            "+1 650 253 0000, CY, +16502530000"})
    void normalisesCommonFormatsToE164(String raw, String region, String e164) {
        assertThat(PhoneNumbers.e164(raw, region)).contains(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "abc", "12", "2000", "+357 12", "99123456789012345678",
            "35799123456'; drop table contact; --"})
    void rejectsWhatIsNoValidNumber(String raw) {
        assertThat(PhoneNumbers.e164(raw, "CY")).isEmpty();
    }
}
