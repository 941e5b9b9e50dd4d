package com.crmtelephony.cdr.phonebook;

import java.util.UUID;

/**
 * The numbers of a tenant's calls, as the report keeps them per number ({@code call_number}): the
 * report module brings them up to date here, so that the matches ask the phone book about the
 * numbers of every call written so far.
 */
public interface CallNumbers {

    /** Adds the calls written since the last fold into the per-number totals. */
    void fold(UUID tenant);
}
