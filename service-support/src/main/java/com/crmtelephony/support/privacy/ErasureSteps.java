package com.crmtelephony.support.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ObjectProvider;

/**
 * A service's erasure steps, in their {@code @Order}: each runs in the caller's transaction, so an
 * erasure is done in every table of the service or in none.
 */
public final class ErasureSteps {

    private final List<ErasureStep> steps;

    public ErasureSteps(ObjectProvider<ErasureStep> steps) {
        this.steps = steps.orderedStream().toList();
    }

    /** @return the changed rows of the steps that name their count on the receipt, by that name */
    public Map<String, Long> run(ErasureSubject subject) {
        Map<String, Long> counted = new LinkedHashMap<>();
        for (ErasureStep step : steps) {
            long changed = step.erase(subject);
            if (step.receiptName() != null) {
                counted.merge(step.receiptName(), changed, Long::sum);
            }
        }
        return counted;
    }

    /** Every table some step erases. */
    public Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        steps.forEach(step -> tables.addAll(step.tables()));
        return tables;
    }
}
