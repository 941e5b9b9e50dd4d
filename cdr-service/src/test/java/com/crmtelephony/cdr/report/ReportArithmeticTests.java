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

    private static ReportService.Local local(ReportRepository.Totals totals) {
        return new ReportService.Local(java.time.ZoneId.of("UTC"), Distribution.of(java.util.Map.of()),
                CallCentre.of(20, 5, totals.inbound(), 0, new long[0], new long[0], totals), List.of());
    }

    @Test
    void callCentreFiguresComeFromTheSummedHistograms() {
        // Waits: 2 answered within 1 s, 1 within 20 s, 1 at 21 s, 1 past 120 s; rings of unanswered: 2 under 5 s, 3 over.
        long[] wait = new long[122];
        wait[1] = 2;
        wait[20] = 1;
        wait[21] = 1;
        wait[121] = 1;
        long[] abandon = {1, 0, 0, 0, 1, 2, 0, 1};
        CallCentre c = CallCentre.of(20, 5, 10, 5 * 30_000_000L + 3_333L, wait, abandon, totals());
        assertThat(c.answeredCalls()).isEqualTo(5);
        assertThat(c.abandonedCalls()).isEqualTo(3);
        assertThat(c.shortAbandonedCalls()).isEqualTo(2);
        assertThat(c.serviceLevel()).as("3 of 8").isEqualTo(0.375);
        assertThat(c.abandonRate()).as("3 of 8").isEqualTo(0.375);
        assertThat(c.averageSpeedOfAnswerSeconds()).isEqualTo(30.0);
        assertThat(c.asr()).isEqualTo(0.7143);
        assertThat(c.acdSeconds()).isEqualTo(80.08);
        assertThat(CallCentre.of(21, 0, 10, 0, wait, abandon, totals()).serviceLevel()).as("4 of 10").isEqualTo(0.4);
        assertThat(CallCentre.of(20, 5, 0, 0, new long[0], new long[0], totals()).serviceLevel()).isNull();
    }

    @Test
    void minutesAreTotalSecondsOverSixtyRoundedNotTruncated() {
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), 14, matched(1, 50), local(totals()));
        assertThat(report.totalSuccessfulCallInMinutes()).as("89 s").isEqualTo(1);
        assertThat(report.totalIncompleteCallInMinutes()).as("31 s").isEqualTo(1);
        assertThat(ReportService.minutes(29.9)).isZero();
        assertThat(ReportService.minutes(30.0)).isEqualTo(1);
    }

    @Test
    void ratesAndAveragesAreRoundedForReading() {
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), 14, matched(0, 0), local(totals()));
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
        Report report = ReportService.assemble(TENANT, SYNCED, totals(), 14, matched(3, 140), local(totals()));
        assertThat(report.unmatchedCalls()).isEqualTo(5);
        assertThat(report.totalUnmatchedCallInMinutes()).as("(100 + 140) s").isEqualTo(4);
        assertThat(report.unmatchedAvailable()).isTrue();
        assertThat(report.topNumbers()).containsExactly(new Report.NumberCount("111", "Alice", 4));
    }

    @Test
    void withoutThePhoneBookTheUnmatchedFiguresAreNullNotZero() {
        ReportRepository.NumberFigures down = new ReportRepository.NumberFigures(List.of(), false, 0, 0);
        Report report = ReportService.assemble(TENANT, null, totals(), 14, down, local(totals()));
        assertThat(report.unmatchedAvailable()).isFalse();
        assertThat(report.unmatchedCalls()).isNull();
        assertThat(report.totalUnmatchedCallInMinutes()).isNull();
        assertThat(report.totalNumberOfCalls()).isEqualTo(7);
    }

    @Test
    void aRangeWithoutCallsHasZeroRateAndNoAverages() {
        ReportRepository.Totals none = new ReportRepository.Totals(0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0);
        Report report = ReportService.assemble(TENANT, null, none, null, matched(0, 0), local(none));
        assertThat(report.answerRate()).isZero();
        assertThat(report.averageTalkSeconds()).isNull();
        assertThat(report.maxRingSeconds()).isNull();
        assertThat(report.busiestHourUtc()).isNull();
        assertThat(report.totalUnmatchedCallInMinutes()).isZero();
    }
}
