package com.crmtelephony.cdr.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When a range's calls happened, in one time zone: per local day, per hour of day, per day of
 * week (Monday first) and per hour of each day of week (the heat map).
 */
record Distribution(List<Report.DayCount> perDay, Integer busiestHour, long[] byHour, long[] byWeekday, long[][] byWeekdayHour) {

    /** @param calls calls per local hour (its start), in any order */
    static Distribution of(Map<LocalDateTime, Long> calls) {
        Map<LocalDate, Long> perDay = new TreeMap<>();
        long[] byHour = new long[24];
        long[] byWeekday = new long[7];
        long[][] byWeekdayHour = new long[7][24];
        calls.forEach((hour, n) -> {
            if (n == 0) {
                return;
            }
            perDay.merge(hour.toLocalDate(), n, Long::sum);
            byHour[hour.getHour()] += n;
            byWeekday[hour.getDayOfWeek().getValue() - 1] += n;
            byWeekdayHour[hour.getDayOfWeek().getValue() - 1][hour.getHour()] += n;
        });
        Integer busiest = null;
        for (int h = 0; h < 24; h++) {
            if (byHour[h] > 0 && (busiest == null || byHour[h] > byHour[busiest])) {
                busiest = h;
            }
        }
        return new Distribution(perDay.entrySet().stream().map(e -> new Report.DayCount(e.getKey(), e.getValue())).toList(),
                busiest, byHour, byWeekday, byWeekdayHour);
    }
}
