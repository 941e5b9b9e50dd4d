package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import com.crmtelephony.support.jdbc.Cursors;
import com.crmtelephony.support.jdbc.TimeRanges;

/** The report's aggregates, computed by PostgreSQL over one tenant's calls in a time range. */
@Repository
class ReportRepository {

    /** Seconds a call lasted: its duration as the PBX gave it, else its start-to-end span. */
    private static final String SECONDS = "coalesce(duration, extract(epoch from call_end - call_start))::float8";
    /** The party at the other end: who called in, or whom we called. */
    private static final String OTHER_NUMBER =
            "case when direction = 'outbound' then destination_number else caller_number end";

    /** {@code noNumber*}: calls without an other-party number, which no contact can match. */
    record Totals(long calls, double answeredSeconds, double unansweredSeconds, long inbound, long outbound,
                  long answered, double talkSeconds, Double averageTalk, Double averageRing, Double maxRing,
                  long noNumberCalls, double noNumberSeconds) {
    }

    /** Calls and seconds of one other-party number. */
    record NumberUsage(String number, long calls, double seconds) {
    }

    private final JdbcTemplate jdbc;

    ReportRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Totals totals(UUID tenant, Instant from, Instant to) {
        return query("select count(*),"
                        + " coalesce(sum(secs) filter (where answer_start is not null), 0),"
                        + " coalesce(sum(secs) filter (where answer_start is null), 0),"
                        + " count(*) filter (where direction = 'inbound'),"
                        + " count(*) filter (where direction = 'outbound'),"
                        + " count(*) filter (where answer_start is not null),"
                        + " coalesce(sum(talk), 0), avg(talk), avg(ring), max(ring),"
                        + " count(*) filter (where other is null), coalesce(sum(secs) filter (where other is null), 0)"
                        + " from (select answer_start, direction, " + SECONDS + " as secs, " + OTHER_NUMBER + " as other,"
                        + " extract(epoch from call_end - answer_start)::float8 as talk,"
                        + " extract(epoch from coalesce(answer_start, call_end) - ring_start)::float8 as ring",
                ") c",
                (rs, i) -> new Totals(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getDouble(7), rs.getObject(8, Double.class), rs.getObject(9, Double.class),
                        rs.getObject(10, Double.class), rs.getLong(11), rs.getDouble(12)),
                tenant, from, to).get(0);
    }

    List<Report.DayCount> callsPerDay(UUID tenant, Instant from, Instant to) {
        return query("select (call_start at time zone 'UTC')::date as day, count(*)",
                " and call_start is not null group by day order by day",
                (rs, i) -> new Report.DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)), tenant, from, to);
    }

    Integer busiestHour(UUID tenant, Instant from, Instant to) {
        return query("select extract(hour from call_start at time zone 'UTC')::int as hour",
                " and call_start is not null group by hour order by count(*) desc, hour limit 1",
                (rs, i) -> rs.getInt(1), tenant, from, to).stream().findFirst().orElse(null);
    }

    /**
     * Every other-party number of the range with its calls and seconds, most calls first, handed
     * on in batches from a cursor that outlives its transaction: {@code each} may ask the phone
     * book between batches with no transaction open, and a tenant with a million distinct
     * numbers costs no more memory than one with ten. Stops when {@code each} answers false.
     */
    void forEachNumberBatch(UUID tenant, Instant from, Instant to, int batchSize, Predicate<List<NumberUsage>> each) {
        List<Object> args = new ArrayList<>();
        String sql = sql("select " + OTHER_NUMBER + " as other, count(*), coalesce(sum(" + SECONDS + "), 0)",
                " and " + OTHER_NUMBER + " is not null group by other order by count(*) desc, other", tenant, from, to, args);
        Cursors.forEachBatchOutsideTransaction(jdbc, sql, args, batchSize,
                (rs, i) -> new NumberUsage(rs.getString(1), rs.getLong(2), rs.getDouble(3)), each);
    }

    private <T> List<T> query(String select, String tail, RowMapper<T> mapper, UUID tenant, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        return jdbc.query(sql(select, tail, tenant, from, to, args), mapper, args.toArray());
    }

    /** {@code select} + the tenant's calls in [from, to) + {@code tail}; its parameters are added to {@code args}. */
    private static String sql(String select, String tail, UUID tenant, Instant from, Instant to, List<Object> args) {
        StringBuilder sql = new StringBuilder(select).append(" from call_record where tenant_id = ?");
        args.add(tenant);
        TimeRanges.append(sql, args, "call_start", from, to);
        return sql.append(tail).toString();
    }
}
