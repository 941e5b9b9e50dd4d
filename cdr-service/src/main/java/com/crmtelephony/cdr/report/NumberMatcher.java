package com.crmtelephony.cdr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the phone book tells of a range's numbers, learnt batch by batch (most called first): the
 * top numbers with their names, and the calls and seconds of numbers that are no contact. The
 * first failed lookup ends the lookups: the unmatched figures are then unavailable, and the top
 * numbers go without names.
 */
final class NumberMatcher {

    /** {@code available}: whether the phone book answered every lookup (else the unmatched totals mean nothing). */
    record Matching(List<Report.NumberCount> top, boolean available, long unmatchedCalls, double unmatchedSeconds) {
    }

    private final Function<List<String>, Optional<Map<String, String>>> lookup;
    private final int topSize;
    private final List<Report.NumberCount> top;
    private boolean available = true;
    private long unmatchedCalls;
    private double unmatchedSeconds;

    /** @param lookup names by number for a batch of numbers; empty when the phone book could not be asked */
    NumberMatcher(Function<List<String>, Optional<Map<String, String>>> lookup, int topSize) {
        this.lookup = lookup;
        this.topSize = topSize;
        this.top = new ArrayList<>(topSize);
    }

    /** @return whether the rest of the numbers still matter */
    boolean add(List<ReportRepository.NumberUsage> batch) {
        Optional<Map<String, String>> names = available
                ? lookup.apply(batch.stream().map(ReportRepository.NumberUsage::number).toList())
                : Optional.empty();
        available &= names.isPresent();
        for (ReportRepository.NumberUsage u : batch) {
            if (top.size() < topSize) {
                top.add(new Report.NumberCount(u.number(), names.map(n -> n.get(u.number())).orElse(null), u.calls()));
            }
            if (names.isPresent() && !names.get().containsKey(u.number())) {
                unmatchedCalls += u.calls();
                unmatchedSeconds += u.seconds();
            }
        }
        return available || top.size() < topSize;
    }

    Matching finish() {
        return new Matching(List.copyOf(top), available, unmatchedCalls, unmatchedSeconds);
    }
}
