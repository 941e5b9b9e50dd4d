package com.crmtelephony.cdr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a report learns names and unmatched totals from the phone book, batch by batch; no database, no HTTP. */
class NumberMatcherTests {

    private final List<List<String>> asked = new ArrayList<>();

    private static ReportRepository.NumberUsage usage(String number, long calls, double seconds) {
        return new ReportRepository.NumberUsage(number, calls, seconds);
    }

    @Test
    void namedNumbersAreMatchedAndTheOthersAddUpAsUnmatched() {
        NumberMatcher matcher = new NumberMatcher(numbers -> {
            asked.add(numbers);
            return Optional.of(Map.of("111", "Alice"));
        }, 10);
        assertThat(matcher.add(List.of(usage("111", 5, 300), usage("222", 3, 90.5)))).isTrue();
        assertThat(matcher.add(List.of(usage("333", 1, 29.5)))).isTrue();
        NumberMatcher.Matching matching = matcher.finish();

        assertThat(asked).containsExactly(List.of("111", "222"), List.of("333"));
        assertThat(matching.available()).isTrue();
        assertThat(matching.unmatchedCalls()).isEqualTo(4);
        assertThat(matching.unmatchedSeconds()).isEqualTo(120.0);
        assertThat(matching.top()).containsExactly(new Report.NumberCount("111", "Alice", 5),
                new Report.NumberCount("222", null, 3), new Report.NumberCount("333", null, 1));
    }

    @Test
    void onlyTheMostCalledNumbersAreTheTop() {
        NumberMatcher matcher = new NumberMatcher(numbers -> Optional.of(Map.of()), 2);
        matcher.add(List.of(usage("1", 9, 1), usage("2", 8, 1), usage("3", 7, 1)));
        assertThat(matcher.finish().top()).extracting(Report.NumberCount::number).containsExactly("1", "2");
    }

    @Test
    void oncePhoneBookFailsItIsNotAskedAgainAndTheUnmatchedFiguresAreUnavailable() {
        NumberMatcher matcher = new NumberMatcher(numbers -> {
            asked.add(numbers);
            return asked.size() == 1 ? Optional.of(Map.of()) : Optional.empty();
        }, 3);
        assertThat(matcher.add(List.of(usage("1", 9, 60)))).isTrue();
        assertThat(matcher.add(List.of(usage("2", 8, 60)))).as("still filling the top numbers").isTrue();
        assertThat(matcher.add(List.of(usage("3", 7, 60)))).as("top full, phone book gone: nothing left to learn").isFalse();
        NumberMatcher.Matching matching = matcher.finish();

        assertThat(asked).hasSize(2);
        assertThat(matching.available()).isFalse();
        assertThat(matching.top()).extracting(Report.NumberCount::name).containsOnlyNulls();
        assertThat(matching.top()).extracting(Report.NumberCount::number).containsExactly("1", "2", "3");
    }
}
