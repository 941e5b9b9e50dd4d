package com.crmtelephony.cdr.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.crmtelephony.support.jdbc.TimeRanges;

/** The report's figures of one tenant in a time range: from the aggregates the upserts keep (V7), and its calls where a range cuts an hour. */
@Repository
class ReportRepository {

    /** {@code noNumber*}: calls without an other-party number, which no contact can match. */
    record Totals(long calls, double answeredSeconds, double unansweredSeconds, long inbound, long outbound,
                  long answered, double talkSeconds, Double averageTalk, Double averageRing, Double maxRing,
                  long noNumberCalls, double noNumberSeconds) {
    }

    /**
     * The top numbers with their names, and the numbers without a contact: their calls and
     * seconds; {@code available} false when these cannot be told (then they are 0).
     */
    record NumberFigures(List<Report.NumberCount> top, boolean available, long unmatchedCalls, double unmatchedSeconds) {
    }

    private final JdbcTemplate jdbc;

    ReportRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the tenant's calls changed since the last fold into its kept totals (V10's call_aggregates_fold). */
    void fold(UUID tenant) {
        jdbc.queryForList("select call_aggregates_fold(?)", tenant);
    }

    /** The tenants with changes to fold. */
    List<UUID> tenantsToFold() {
        return jdbc.queryForList("select distinct tenant_id from call_change", UUID.class);
    }

    /**
     * The range's hour buckets (after a {@link #fold}): the whole hours from {@code call_hour}, the hours that a range's
     * end cuts from their calls (at most two hours' calls, on the (tenant_id, call_start) index),
     * so a range is exact to the microsecond. Calls without a start count only without a range.
     */
    List<HourlyFigures.Bucket> buckets(UUID tenant, Instant from, Instant to) {
        Instant wholeFrom = from == null ? null : ceilHour(from);
        Instant wholeTo = to == null ? null : to.truncatedTo(ChronoUnit.HOURS);
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select case when hour = '-infinity' then null else hour end, calls, inbound,"
                + " outbound, answered, answered_us, unanswered_us, talk_us, talk_calls, ring_us, ring_calls, ring_max_us,"
                + " no_number_calls, no_number_us, inbound_answered, wait_us, wait_hist, abandon_hist"
                + " from call_hour where tenant_id = ?");
        args.add(tenant);
        if (from != null || to != null) {
            sql.append(" and hour <> '-infinity'");
        }
        TimeRanges.append(sql, args, "hour", wholeFrom, wholeTo);
        List<String> edges = new ArrayList<>();
        List<Object> edgeArgs = new ArrayList<>();
        if (from != null) {
            edges.add("(c.call_start >= ? and c.call_start < ?)");
            edgeArgs.add(Timestamp.from(from));
            edgeArgs.add(Timestamp.from(to == null || wholeFrom.isBefore(to) ? wholeFrom : to));
        }
        if (to != null) {
            edges.add("(c.call_start >= ? and c.call_start < ?)");
            edgeArgs.add(Timestamp.from(from == null || wholeTo.isAfter(from) ? wholeTo : from));
            edgeArgs.add(Timestamp.from(to));
        }
        if (!edges.isEmpty()) {
            sql.append(" union all select f.bucket, count(*), count(*) filter (where f.inbound),"
                    + " count(*) filter (where f.outbound), count(*) filter (where f.answered),"
                    + " coalesce(sum(f.seconds_us) filter (where f.answered), 0),"
                    + " coalesce(sum(f.seconds_us) filter (where not f.answered), 0),"
                    + " coalesce(sum(f.talk_us), 0), count(f.talk_us), coalesce(sum(f.ring_us), 0), count(f.ring_us),"
                    + " max(f.ring_us), count(*) filter (where f.other_number is null),"
                    + " coalesce(sum(f.seconds_us) filter (where f.other_number is null), 0),"
                    + " count(f.wait_us), coalesce(sum(f.wait_us), 0),"
                    + " histogram(f.wait_s + 1, 1) filter (where f.wait_s is not null),"
                    + " histogram(f.abandon_s + 1, 1) filter (where f.abandon_s is not null)"
                    + " from (select (call_fact(c)).* from call_record c where c.tenant_id = ? and (")
                    .append(String.join(" or ", edges)).append(")) f group by f.bucket");
            args.add(tenant);
            args.addAll(edgeArgs);
        }
        return jdbc.query(sql.toString(), (rs, i) -> new HourlyFigures.Bucket(
                rs.getObject(1, OffsetDateTime.class) == null ? null : rs.getObject(1, OffsetDateTime.class).toInstant(),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getObject(12, Long.class), rs.getLong(13), rs.getLong(14),
                rs.getLong(15), rs.getLong(16), longs(rs.getArray(17)), longs(rs.getArray(18))),
                args.toArray());
    }

    private static long[] longs(java.sql.Array array) throws java.sql.SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
        }
        return longs;
    }

    /**
     * The range's calls per local hour of {@code zone}, counted from the calls: for zones whose
     * offset is not whole hours, where a kept UTC hour is two local ones.
     */
    Map<LocalDateTime, Long> localHours(UUID tenant, Instant from, Instant to, ZoneId zone) {
        List<Object> args = new ArrayList<>(List.of(zone.getId(), tenant));
        StringBuilder sql = new StringBuilder("select date_trunc('hour', call_start at time zone ?), count(*)"
                + " from call_record where tenant_id = ? and call_start is not null");
        TimeRanges.append(sql, args, "call_start", from, to);
        sql.append(" group by 1");
        Map<LocalDateTime, Long> hours = new HashMap<>();
        jdbc.query(sql.toString(), rs -> {
            hours.put(rs.getObject(1, LocalDateTime.class), rs.getLong(2));
        }, args.toArray());
        return hours;
    }

    /**
     * Each extension's figures: all time from the totals the upserts keep (V9's call_extension),
     * a range from its calls.
     */
    List<CallCentre.Extension> extensions(UUID tenant, Instant from, Instant to) {
        List<Object> args = new ArrayList<>(List.of(tenant));
        StringBuilder sql;
        if (from == null && to == null) {
            sql = new StringBuilder("select extension, calls, answered, missed, talk_us from call_extension where tenant_id = ?");
        } else {
            sql = new StringBuilder("select f.extension, count(*), count(f.wait_s), count(f.abandon_s), coalesce(sum(f.talk_us), 0)"
                    + " from (select (call_fact(c)).* from call_record c where c.tenant_id = ?");
            TimeRanges.append(sql, args, "c.call_start", from, to);
            sql.append(") f where f.extension is not null group by f.extension");
        }
        return CallCentre.sorted(jdbc.query(sql.toString(), (rs, i) -> new CallCentre.Extension(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), Math.round(rs.getLong(5) / 1_000_000.0)), args.toArray()));
    }

    private static Instant ceilHour(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
    }

    /**
     * The range's most called other parties with the names the phone book gave them, and the
     * calls and seconds of the numbers it found no contact for ({@code number_match}, kept by
     * {@code NumberMatches}), in one statement. All time reads the per-number totals the upserts
     * keep (one row a number); a range groups its calls by number.
     *
     * @return {@code available} false when some number has no state yet (the phone book was not
     *         asked about it): the unmatched figures then mean nothing
     */
    NumberFigures numbers(UUID tenant, Instant from, Instant to, int top) {
        List<Object> args = new ArrayList<>();
        StringBuilder usage;
        if (from == null && to == null) {
            usage = new StringBuilder("select number, calls, seconds_us from call_number where tenant_id = ?");
            args.add(tenant);
        } else {
            usage = new StringBuilder("select f.other_number as number, count(*) as calls, coalesce(sum(f.seconds_us), 0) as seconds_us"
                    + " from (select (call_fact(c)).* from call_record c where c.tenant_id = ?");
            args.add(tenant);
            TimeRanges.append(usage, args, "c.call_start", from, to);
            usage.append(") f where f.other_number is not null group by f.other_number");
        }
        args.add(tenant);
        args.add(top);
        String sql = "with u as (" + usage + "),"
                + " j as (select u.number, u.calls, u.seconds_us, m.number is not null as known, m.name"
                + " from u left join number_match m on m.tenant_id = ? and m.number = u.number)"
                + " select number, name, calls,"
                + " sum(case when known and name is null then calls else 0 end) over (),"
                + " sum(case when known and name is null then seconds_us else 0 end) over (),"
                + " sum(case when known then 0 else 1 end) over ()"
                + " from j order by calls desc, number limit ?";
        List<Report.NumberCount> topNumbers = new ArrayList<>();
        long[] unmatched = new long[3];
        jdbc.query(sql, rs -> {
            topNumbers.add(new Report.NumberCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            unmatched[0] = rs.getLong(4);
            unmatched[1] = rs.getLong(5);
            unmatched[2] = rs.getLong(6);
        }, args.toArray());
        return new NumberFigures(List.copyOf(topNumbers), unmatched[2] == 0, unmatched[0], unmatched[1] / 1_000_000.0);
    }
}
