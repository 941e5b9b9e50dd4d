package com.crmtelephony.cdr.call;

import java.util.Set;
import java.util.UUID;

/**
 * The forms in which a tenant's calls hold one number, matched the way the phone book matches
 * numbers (its E.164 key for the tenant's region): {@code +357 99 123456} finds calls stored as
 * {@code 35799123456}, {@code 0035799123456} or {@code 99123456}. The phone book's side of the
 * service answers it; this module only asks.
 */
public interface NumberForms {

    /**
     * @param digits a number as calls store it (digits, {@code *}, {@code #}, an optional leading {@code +})
     * @return its forms, {@code digits} among them
     * @throws com.crmtelephony.support.remote.DependencyUnavailableException when the phone book cannot be asked
     */
    Set<String> of(UUID tenant, String digits);
}
