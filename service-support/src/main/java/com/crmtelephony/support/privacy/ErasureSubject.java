package com.crmtelephony.support.privacy;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Whom one erasure removes from a tenant's data: a number (its phone-book key and the written
 * forms known so far) or an e-mail address. A step that finds more of the person (the forms the
 * calls hold the number in, the numbers of the contacts with the address) adds them, and the
 * steps after it erase those too.
 */
public final class ErasureSubject {

    private final UUID tenant;
    private final String numberKey;
    private final String email;
    private final String pseudonym;
    private final Set<String> numbers = new LinkedHashSet<>();

    private ErasureSubject(UUID tenant, String numberKey, String email, String pseudonym, Collection<String> numbers) {
        this.tenant = tenant;
        this.numberKey = numberKey;
        this.email = email;
        this.pseudonym = pseudonym;
        if (numberKey != null) {
            this.numbers.add(numberKey);
        }
        this.numbers.addAll(numbers);
    }

    /** A number: its key, the forms known to hold it, and the pseudonym that replaces it where it is kept (null: nowhere). */
    public static ErasureSubject number(UUID tenant, String numberKey, Collection<String> forms, String pseudonym) {
        return new ErasureSubject(tenant, numberKey, null, pseudonym, forms);
    }

    /** Numbers as they are written, with no key (a service that keeps them as written, not keyed). */
    public static ErasureSubject numbers(UUID tenant, Collection<String> forms) {
        return new ErasureSubject(tenant, null, null, null, forms);
    }

    public static ErasureSubject email(UUID tenant, String email) {
        return new ErasureSubject(tenant, null, email, null, Set.of());
    }

    public UUID tenant() {
        return tenant;
    }

    /** The phone-book key of the number; null for an address. */
    public String numberKey() {
        return numberKey;
    }

    /** The address; null for a number. */
    public String email() {
        return email;
    }

    public String pseudonym() {
        return pseudonym;
    }

    /** Every form of the person's numbers found so far, the key among them. */
    public Set<String> numbers() {
        return Collections.unmodifiableSet(numbers);
    }

    /** More of the person's numbers, found by a step: the steps after it erase them too. */
    public void found(Collection<String> more) {
        numbers.addAll(more);
    }
}
