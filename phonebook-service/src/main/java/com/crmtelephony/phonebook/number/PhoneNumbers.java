package com.crmtelephony.phonebook.number;

import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Normalises phone numbers to E.164 with Google's libphonenumber. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    /** libphonenumber reads digits out of any text; only the punctuation of written numbers is allowed here. */
    private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9()./ -]{1,64}");

    private PhoneNumbers() {
    }

    /**
     * The E.164 form of {@code raw}, read as a number of {@code region} unless it names its
     * country. PBX data often drops the '+' of international numbers ("447911123456"): when
     * the national reading is not a valid number, the international one is tried too.
     */
    public static Optional<String> e164(String raw, String region) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (!WRITTEN_NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        Optional<String> national = parse(text, region);
        if (national.isPresent() || text.startsWith("+") || !text.matches("[1-9][0-9]{6,}")) {
            return national;
        }
        return parse("+" + text, region);
    }

    private static Optional<String> parse(String text, String region) {
        try {
            PhoneNumber number = util.parse(text, region);
            return util.isValidNumber(number) ? Optional.of(util.format(number, PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isSupportedRegion(String region) {
        return util.getSupportedRegions().contains(region);
    }
}
