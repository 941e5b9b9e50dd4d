package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The report's figures recomputed from the calls by plain SQL, the way the report read them before
 * it kept aggregates: the oracle that the kept figures must equal.
 */
final class PlainReportSql {

    private static final String SECONDS = "coalesce(duration, extract(epoch from call_end - call_start))::float8";
    private static final String OTHER = "case when direction = 'outbound' then destination_number else caller_number end";

    private final JdbcTemplate jdbc;

    PlainReportSql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ReportRepository.Totals totals(UUID tenant, Instant from, Instant to) {
        return jdbc.query("select count(*),"
                        + " coalesce(sum(secs) filter (where answer_start is not null), 0),"
                        + " coalesce(sum(secs) filter (where answer_start is null), 0),"
                        + " count(*) filter (where direction = 'inbound'), count(*) filter (where direction = 'outbound'),"
                        + " count(*) filter (where answer_start is not null),"
                        + " coalesce(sum(talk), 0), avg(talk), avg(ring), max(ring),"
                        + " count(*) filter (where other is null), coalesce(sum(secs) filter (where other is null), 0)"
                        + " from (select answer_start, direction, " + SECONDS + " as secs, " + OTHER + " as other,"
                        + " extract(epoch from call_end - answer_start)::float8 as talk,"
                        + " extract(epoch from coalesce(answer_start, call_end) - ring_start)::float8 as ring"
                        + " from call_record where " + range(tenant, from, to) + ") c",
                (rs, i) -> new ReportRepository.Totals(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getDouble(7), rs.getObject(8, Double.class),
                        rs.getObject(9, Double.class), rs.getObject(10, Double.class), rs.getLong(11), rs.getDouble(12)))
                .get(0);
    }

    List<Report.DayCount> perDay(UUID tenant, Instant from, Instant to) {
        return jdbc.query("select (call_start at time zone 'UTC')::date as day, count(*) from call_record where "
                        + range(tenant, from, to) + " and call_start is not null group by day order by day",
                (rs, i) -> new Report.DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
    }

    Integer busiestHour(UUID tenant, Instant from, Instant to) {
        return jdbc.query("select extract(hour from call_start at time zone 'UTC')::int as hour from call_record where "
                        + range(tenant, from, to) + " and call_start is not null group by hour order by count(*) desc, hour limit 1",
                (rs, i) -> rs.getInt(1)).stream().findFirst().orElse(null);
    }

    record NumberUsage(String number, long calls, double seconds) {
    }

    List<NumberUsage> numbers(UUID tenant, Instant from, Instant to) {
        return jdbc.query("select " + OTHER + " as other, count(*), coalesce(sum(" + SECONDS + "), 0) from call_record where "
                        + range(tenant, from, to) + " and " + OTHER + " is not null group by other order by count(*) desc, other",
                (rs, i) -> new NumberUsage(rs.getString(1), rs.getLong(2), rs.getDouble(3)));
    }

    /** Inbound calls: offered, answered with a known wait, answered within n s, abandoned at t s or later, sooner; the mean wait. */
    record CallCentreCounts(long offered, long answered, long inTime, long abandoned, long shortAbandoned, Double averageWait) {
    }

    CallCentreCounts callCentre(UUID tenant, Instant from, Instant to, int n, int t) {
        return jdbc.query("select count(*) filter (where direction = 'inbound'), count(w), count(*) filter (where w <= " + n + "),"
                        + " count(*) filter (where r >= " + t + "), count(*) filter (where r < " + t + "), avg(greatest(w, 0)) filter (where w is not null)::float8"
                        + " from (select direction,"
                        + " case when direction = 'inbound' and answer_start is not null"
                        + "  then extract(epoch from answer_start - coalesce(ring_start, call_start)) end as w,"
                        + " case when direction = 'inbound' and answer_start is null and call_end is not null"
                        + "  then extract(epoch from call_end - coalesce(ring_start, call_start)) end as r"
                        + " from call_record where " + range(tenant, from, to) + ") c",
                (rs, i) -> new CallCentreCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getObject(6, Double.class))).get(0);
    }

    List<CallCentre.Extension> extensions(UUID tenant, Instant from, Instant to) {
        return jdbc.query("select ext, count(*), count(*) filter (where direction = 'inbound' and answer_start is not null"
                        + " and coalesce(ring_start, call_start) is not null),"
                        + " count(*) filter (where direction = 'inbound' and answer_start is null and call_end is not null"
                        + " and coalesce(ring_start, call_start) is not null),"
                        + " coalesce(round(sum(extract(epoch from call_end - answer_start))), 0)::bigint"
                        + " from (select *, case direction when 'inbound' then destination_number when 'outbound' then caller_number end"
                        + " as ext from call_record where " + range(tenant, from, to) + ") c"
                        + " where ext is not null group by ext order by count(*) desc, ext",
                (rs, i) -> new CallCentre.Extension(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    List<Report.DayCount> perLocalDay(UUID tenant, Instant from, Instant to, String zone) {
        return jdbc.query("select (call_start at time zone '" + zone + "')::date as day, count(*) from call_record where "
                        + range(tenant, from, to) + " and call_start is not null group by day order by day",
                (rs, i) -> new Report.DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
    }

    long[][] byWeekdayHour(UUID tenant, Instant from, Instant to, String zone) {
        long[][] counts = new long[7][24];
        jdbc.query("select extract(isodow from call_start at time zone '" + zone + "')::int, extract(hour from call_start at time zone '"
                + zone + "')::int, count(*) from call_record where " + range(tenant, from, to)
                + " and call_start is not null group by 1, 2", rs -> {
                    counts[rs.getInt(1) - 1][rs.getInt(2)] = rs.getLong(3);
                });
        return counts;
    }

    /** Literal values: the oracle shares no code with what it checks, not even the binding. */
    private static String range(UUID tenant, Instant from, Instant to) {
        List<String> conditions = new ArrayList<>(List.of("tenant_id = '" + tenant + "'"));
        if (from != null) {
            conditions.add("call_start >= '" + from + "'::timestamptz");
        }
        if (to != null) {
            conditions.add("call_start < '" + to + "'::timestamptz");
        }
        return String.join(" and ", conditions);
    }
}
