package com.crmtelephony.cdr.call;

import java.math.BigInteger;

/** Digits as they arrived, and whether they arrived as a JSON number (so they leave as one). */
public record PhoneNumber(String digits, boolean numeric) {

    /** The value to serialise: a JSON number for numeric input, the text otherwise. */
    public Object json() {
        return numeric ? new BigInteger(digits) : digits;
    }
}
