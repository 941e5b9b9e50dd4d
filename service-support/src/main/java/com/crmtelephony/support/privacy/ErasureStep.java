package com.crmtelephony.support.privacy;

import java.util.Set;

/**
 * One module's part of erasing a person from a tenant's data, in the module that owns the tables:
 * the erasure (cdr-service's {@code Erasures}, and the two services' erasure endpoints it asks)
 * runs every step of its service, in their {@code @Order}, in one transaction. A table that holds
 * a number or an address and is in no step's {@link #tables()} fails the service's erasure test.
 */
public interface ErasureStep {

    /** The name its count has on the erasure's receipt ({@code "calls"}); null: not on the receipt. */
    default String receiptName() {
        return null;
    }

    /** The tables this step clears of the person (or pseudonymises). */
    Set<String> tables();

    /**
     * Erases the subject from this module's tables.
     *
     * @return how many rows changed
     */
    long erase(ErasureSubject subject);
}
