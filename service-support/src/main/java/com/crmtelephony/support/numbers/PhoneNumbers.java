package com.crmtelephony.support.numbers;

import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The key a phone number is stored and looked up under, so that every form a PBX or a person
 * writes it in meets: E.164 (by Google's libphonenumber) where the number is <em>possible</em> for
 * the tenant's region, valid or not. A PBX uses numbers in ranges libphonenumber deems
 * unassigned ({@code 35703454202}), and those must match their calls as much as any. What is
 * not possible as a full number (extensions, short codes) is keyed on its digits, which never
 * begin with '+' and so never meet an E.164 key.
 */
public final class PhoneNumbers {

    /** Digits, an optional leading '+', and the punctuation of written numbers; nothing else. */
    private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9()./ -]{1,64}");
    static final int MIN_DIGITS = 3;
    static final int MAX_DIGITS = 15;

    /** Why a text is no phone number, for the caller. */
    public static final String WHAT_IS_A_NUMBER = "is not a phone number: " + MIN_DIGITS + " to " + MAX_DIGITS
            + " digits, an optional leading '+' and the separators space ( ) . / -";

    private static final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * @param region the tenant's region, for numbers written without their country code
     * @return the key of {@code raw}, or empty when it is no phone number
     */
    public static Optional<String> key(String raw, String region) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (!WRITTEN_NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS) {
            return Optional.empty();
        }
        Optional<String> e164 = possible(text, region);
        // PBX data often drops the '+' of international numbers ("447911123456"): when the
        // national reading is not possible, the international one is tried too.
        if (e164.isEmpty() && !text.startsWith("+") && digits.charAt(0) != '0') {
            e164 = possible("+" + digits, region);
        }
        return Optional.of(e164.orElse(digits));
    }

    private static Optional<String> possible(String text, String region) {
        try {
            PhoneNumber number = util.parse(text, region);
            return util.isPossibleNumber(number) ? Optional.of(util.format(number, PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isSupportedRegion(String region) {
        return util.getSupportedRegions().contains(region);
    }
}
