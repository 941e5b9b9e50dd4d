package com.crmtelephony.support.numbers;

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
    void commonFormsMeetOnE164(String raw, String region, String key) {
        assertThat(PhoneNumbers.key(raw, region)).contains(key);
    }

    /** Ranges libphonenumber deems unassigned, as the original PBX uses them: possible, so E.164 all the same. */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
            "35703454202, CY, +35703454202",
            "+357 03 454202, CY, +35703454202",
            "0035703454202, CY, +35703454202",
            "03454202, CY, +35703454202",
            "'357 0345 4202', CY, +35703454202"})
    void unassignedRangesMeetOnE164Too(String raw, String region, String key) {
        assertThat(PhoneNumbers.key(raw, region)).contains(key);
    }

    /** Extensions and short codes: keyed on their digits, never mistaken for a full number. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"2000, 2000", "100, 100", "'1-12', 112", "'(2) 000', 2000"})
    void extensionsAndShortCodesAreKeyedOnTheirDigits(String raw, String key) {
        assertThat(PhoneNumbers.key(raw, "CY")).contains(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "abc", "12", "+", "+1", "99123456789012345678", "2000x1", "+357 99 123456 ext 5",
            "35799123456'; drop table contact; --", "٣٥٧٩٩١٢٣٤٥٦"})
    void rejectsWhatIsNoPhoneNumber(String raw) {
        assertThat(PhoneNumbers.key(raw, "CY")).isEmpty();
    }
}
