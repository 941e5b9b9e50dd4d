package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A range's figures from its hour buckets (migration V7's {@code call_hour}, and the edge hours
 * computed from the calls): sums of sums, so a report reads at most one row per hour of its
 * range, however many calls the hours hold.
 */
final class HourlyFigures {

    private static final double MICROS = 1_000_000.0;

    /**
     * One hour's figures, in microseconds where they are times; {@code hour} null for the calls
     * that have no start (counted only in a report without a range).
     */
    record Bucket(Instant hour, long calls, long inbound, long outbound, long answered, long answeredUs,
                  long unansweredUs, long talkUs, long talkCalls, long ringUs, long ringCalls, Long ringMaxUs,
                  long noNumberCalls, long noNumberUs) {
    }

    record Summary(ReportRepository.Totals totals, List<Report.DayCount> perDay, Integer busiestHour) {
    }

    private HourlyFigures() {
    }

    static Summary of(List<Bucket> buckets) {
        long calls = 0, inbound = 0, outbound = 0, answered = 0, answeredUs = 0, unansweredUs = 0, talkUs = 0;
        long talkCalls = 0, ringUs = 0, ringCalls = 0, noNumberCalls = 0, noNumberUs = 0;
        Long ringMaxUs = null;
        Map<LocalDate, Long> perDay = new TreeMap<>();
        long[] perHourOfDay = new long[24];
        for (Bucket b : buckets) {
            calls += b.calls();
            inbound += b.inbound();
            outbound += b.outbound();
            answered += b.answered();
            answeredUs += b.answeredUs();
            unansweredUs += b.unansweredUs();
            talkUs += b.talkUs();
            talkCalls += b.talkCalls();
            ringUs += b.ringUs();
            ringCalls += b.ringCalls();
            noNumberCalls += b.noNumberCalls();
            noNumberUs += b.noNumberUs();
            if (b.ringMaxUs() != null && (ringMaxUs == null || b.ringMaxUs() > ringMaxUs)) {
                ringMaxUs = b.ringMaxUs();
            }
            if (b.hour() != null && b.calls() > 0) {
                perDay.merge(LocalDate.ofInstant(b.hour(), ZoneOffset.UTC), b.calls(), Long::sum);
                perHourOfDay[b.hour().atZone(ZoneOffset.UTC).getHour()] += b.calls();
            }
        }
        Integer busiest = null;
        for (int hour = 0; hour < 24; hour++) {
            if (perHourOfDay[hour] > 0 && (busiest == null || perHourOfDay[hour] > perHourOfDay[busiest])) {
                busiest = hour;
            }
        }
        ReportRepository.Totals totals = new ReportRepository.Totals(calls, answeredUs / MICROS, unansweredUs / MICROS,
                inbound, outbound, answered, talkUs / MICROS, talkCalls == 0 ? null : talkUs / MICROS / talkCalls,
                ringCalls == 0 ? null : ringUs / MICROS / ringCalls, ringMaxUs == null ? null : ringMaxUs / MICROS,
                noNumberCalls, noNumberUs / MICROS);
        return new Summary(totals, perDay.entrySet().stream().map(e -> new Report.DayCount(e.getKey(), e.getValue())).toList(),
                busiest);
    }
}
