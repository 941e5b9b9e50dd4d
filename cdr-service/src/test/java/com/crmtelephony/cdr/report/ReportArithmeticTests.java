package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's figures from given aggregates: rounding, rates and the unmatched totals. No database. */
class ReportArithmeticTests {

    private static final UUID TENANT = UUID.randomUUID();
    private static final Instant SYNCED = Instant.parse("2026-11-30T20:00:00Z");

    /** 7 calls, 5 answered (3 inbound); 2 without another party's number, 100 s between them. */
    private static ReportRepository.Totals totals() {
        return new ReportRepository.Totals(7, 89.0, 31.0, 3, 4, 5, 400.4, 80.08, 6.666, 12.5, 2, 100.0);
    }

    private static ReportRepository.NumberFigures matched(long unmatchedCalls, double unmatchedSeconds) {
        return new ReportRepository.NumberFigures(List.of(new Report.NumberCount("111", "Alice", 4)), true, unmatchedCalls,
                unmatchedSeconds);
    }

    @Test
    void minutesAreTotalSecondsOverSixtyRoundedNotTruncated() {
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), List.of(), 14, matched(1, 50));
        assertThat(report.totalSuccessfulCallInMinutes()).as("89 s").isEqualTo(1);
        assertThat(report.totalIncompleteCallInMinutes()).as("31 s").isEqualTo(1);
        assertThat(ReportService.minutes(29.9)).isZero();
        assertThat(ReportService.minutes(30.0)).isEqualTo(1);
    }

    @Test
    void ratesAndAveragesAreRoundedForReading() {
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), List.of(), 14, matched(0, 0));
        assertThat(report.answerRate()).isEqualTo(0.7143);
        assertThat(report.missedCalls()).isEqualTo(2);
        assertThat(report.totalTalkSeconds()).isEqualTo(400);
        assertThat(report.averageTalkSeconds()).isEqualTo(80.08);
        assertThat(report.averageRingSeconds()).isEqualTo(6.67);
        assertThat(report.maxRingSeconds()).isEqualTo(13);
        assertThat(report.busiestHourUtc()).isEqualTo(14);
        assertThat(report.latestSyncDate()).isEqualTo(SYNCED);
        assertThat(report.tenantUuid()).isEqualTo(TENANT);
    }

    @Test
    void unmatchedCountsCallsWithNoNumberAndNumbersThatAreNoContact() {
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), List.of(), 14, matched(3, 140));
        assertThat(report.unmatchedCalls()).isEqualTo(5);
        assertThat(report.totalUnmatchedCallInMinutes()).as("(100 + 140) s").isEqualTo(4);
        assertThat(report.unmatchedAvailable()).isTrue();
        assertThat(report.topNumbers()).containsExactly(new Report.NumberCount("111", "Alice", 4));
    }

    @Test
    void withoutThePhoneBookTheUnmatchedFiguresAreNullNotZero() {
        ReportRepository.NumberFigures down = new ReportRepository.NumberFigures(List.of(), false, 0, 0);
        Report report = ReportService.assemble(TENANT, null, totals(), List.of(), 14, down);
        assertThat(report.unmatchedAvailable()).isFalse();
        assertThat(report.unmatchedCalls()).isNull();
        assertThat(report.totalUnmatchedCallInMinutes()).isNull();
        assertThat(report.totalNumberOfCalls()).isEqualTo(7);
    }

    @Test
    void aRangeWithoutCallsHasZeroRateAndNoAverages() {
        ReportRepository.Totals none = new ReportRepository.Totals(0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0);
        Report report = ReportService.assemble(TENANT, null, none, List.of(), null, matched(0, 0));
        assertThat(report.answerRate()).isZero();
        assertThat(report.averageTalkSeconds()).isNull();
        assertThat(report.maxRingSeconds()).isNull();
        assertThat(report.busiestHourUtc()).isNull();
        assertThat(report.totalUnmatchedCallInMinutes()).isZero();
    }
}
