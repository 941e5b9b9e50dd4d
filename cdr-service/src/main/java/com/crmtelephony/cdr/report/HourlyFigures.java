package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                  long noNumberCalls, long noNumberUs, long inboundAnswered, long waitUs, long[] waitHist,
                  long[] abandonHist) {
    }

    record Summary(ReportRepository.Totals totals, List<Report.DayCount> perDay, Integer busiestHour) {
    }

    private HourlyFigures() {
    }

    /**
     * The calls of each local hour in {@code zone}, or empty when some bucket's hour is not one
     * local hour there (a zone whose offset then is not whole hours: Asia/Kolkata, say); the
     * report then counts that range's calls by their local hour instead.
     */
    static Optional<Map<LocalDateTime, Long>> localHours(List<Bucket> buckets, ZoneId zone) {
        Map<LocalDateTime, Long> hours = new HashMap<>();
        for (Bucket b : buckets) {
            if (b.hour() == null) {
                continue;
            }
            if (zone.getRules().getOffset(b.hour()).getTotalSeconds() % 3600 != 0) {
                return Optional.empty();
            }
            hours.merge(LocalDateTime.ofInstant(b.hour(), zone), b.calls(), Long::sum);
        }
        return Optional.of(hours);
    }

    /** The call-centre figures of the buckets' inbound calls; see {@link CallCentre}. */
    static CallCentre callCentre(List<Bucket> buckets, int serviceLevelSeconds, int shortAbandonSeconds,
                                 ReportRepository.Totals totals) {
        long waitUs = 0;
        long[] wait = new long[0];
        long[] abandon = new long[0];
        for (Bucket b : buckets) {
            waitUs += b.waitUs();
            wait = add(wait, b.waitHist());
            abandon = add(abandon, b.abandonHist());
        }
        return CallCentre.of(serviceLevelSeconds, shortAbandonSeconds, totals.inbound(), waitUs, wait, abandon, totals);
    }

    private static long[] add(long[] sum, long[] more) {
        if (more == null) {
            return sum;
        }
        long[] result = sum.length >= more.length ? sum : Arrays.copyOf(sum, more.length);
        for (int i = 0; i < more.length; i++) {
            result[i] += more[i];
        }
        return result;
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
