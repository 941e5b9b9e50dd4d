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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;


/** The report's figures of one tenant in a time range: from the aggregates the upserts keep (R__report_aggregates.sql), and its calls where a range cuts an hour. */
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

    /** One hour's figures as call_hour keeps them (V7, V9), by column name: the kept hours and the cut ones alike. */
    private static final String HOUR_COLUMNS = """
            calls, inbound, outbound, answered, answered_us, unanswered_us, talk_us, talk_calls, ring_us, ring_calls,
            ring_max_us, no_number_calls, no_number_us, inbound_answered, wait_us, wait_hist, abandon_hist""";

    /** The whole hours of a range, kept by the fold; {@code %s}: the range's conditions on {@code hour}. */
    private static final String WHOLE_HOURS = """
            select case when hour = '-infinity' then null else hour end as hour, %s
            from call_hour
            where tenant_id = :tenant %s""";

    /**
     * The hours a range's ends cut, summed from their calls as call_fact makes them (R__report_aggregates.sql);
     * {@code %s}: the cut ranges, or'ed, so that a range within one hour counts its calls once.
     */
    private static final String CUT_HOURS = """
            select f.bucket as hour,
                   count(*) as calls,
                   count(*) filter (where f.inbound) as inbound,
                   count(*) filter (where f.outbound) as outbound,
                   count(*) filter (where f.answered) as answered,
                   coalesce(sum(f.seconds_us) filter (where f.answered), 0) as answered_us,
                   coalesce(sum(f.seconds_us) filter (where not f.answered), 0) as unanswered_us,
                   coalesce(sum(f.talk_us), 0) as talk_us,
                   count(f.talk_us) as talk_calls,
                   coalesce(sum(f.ring_us), 0) as ring_us,
                   count(f.ring_us) as ring_calls,
                   max(f.ring_us) as ring_max_us,
                   count(*) filter (where f.other_number is null) as no_number_calls,
                   coalesce(sum(f.seconds_us) filter (where f.other_number is null), 0) as no_number_us,
                   count(f.wait_us) as inbound_answered,
                   coalesce(sum(f.wait_us), 0) as wait_us,
                   histogram(f.wait_s + 1, 1) filter (where f.wait_s is not null) as wait_hist,
                   histogram(f.abandon_s + 1, 1) filter (where f.abandon_s is not null) as abandon_hist
            from (select (call_fact(c)).* from call_record c where c.tenant_id = :tenant and (%s)) f
            group by f.bucket""";

    private final JdbcClient sql;

    ReportRepository(JdbcTemplate jdbc) {
        this.sql = JdbcClient.create(jdbc);
    }

    /** Adds the tenant's calls changed since the last fold into its kept totals (call_aggregates_fold, R__report_aggregates.sql). */
    void fold(UUID tenant) {
        sql.sql("select call_aggregates_fold(:tenant)").param("tenant", tenant).query().listOfRows();
    }

    /** The tenants with changes to fold. */
    List<UUID> tenantsToFold() {
        return sql.sql("select distinct tenant_id from call_change").query(UUID.class).list();
    }

    /**
     * The range's hour buckets (after a {@link #fold}): the whole hours from {@code call_hour}, the hours that a range's
     * end cuts from their calls (at most two hours' calls, on the (tenant_id, call_start) index),
     * so a range is exact to the microsecond. Calls without a start count only without a range.
     */
    List<HourlyFigures.Bucket> buckets(UUID tenant, Instant from, Instant to) {
        Instant wholeFrom = from == null ? null : ceilHour(from);
        Instant wholeTo = to == null ? null : to.truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant);
        String wholeRange = (from != null || to != null ? " and hour <> '-infinity'" : "")
                + (from != null ? " and hour >= :wholeFrom" : "") + (to != null ? " and hour < :wholeTo" : "");
        List<String> cuts = new ArrayList<>();
        if (from != null) {
            params.put("wholeFrom", Timestamp.from(wholeFrom));
            params.put("headFrom", Timestamp.from(from));
            params.put("headTo", Timestamp.from(to == null || wholeFrom.isBefore(to) ? wholeFrom : to));
            cuts.add("c.call_start >= :headFrom and c.call_start < :headTo");
        }
        if (to != null) {
            params.put("wholeTo", Timestamp.from(wholeTo));
            params.put("tailFrom", Timestamp.from(from == null || wholeTo.isAfter(from) ? wholeTo : from));
            params.put("tailTo", Timestamp.from(to));
            cuts.add("c.call_start >= :tailFrom and c.call_start < :tailTo");
        }
        String query = WHOLE_HOURS.formatted(HOUR_COLUMNS, wholeRange);
        if (!cuts.isEmpty()) {
            query += "\nunion all\n" + CUT_HOURS.formatted(String.join(" or ", cuts.stream().map(c -> "(" + c + ")").toList()));
        }
        return sql.sql(query).params(params).query((rs, i) -> new HourlyFigures.Bucket(
                rs.getObject("hour", OffsetDateTime.class) == null ? null : rs.getObject("hour", OffsetDateTime.class).toInstant(),
                rs.getLong("calls"), rs.getLong("inbound"), rs.getLong("outbound"), rs.getLong("answered"),
                rs.getLong("answered_us"), rs.getLong("unanswered_us"), rs.getLong("talk_us"), rs.getLong("talk_calls"),
                rs.getLong("ring_us"), rs.getLong("ring_calls"), rs.getObject("ring_max_us", Long.class),
                rs.getLong("no_number_calls"), rs.getLong("no_number_us"), rs.getLong("inbound_answered"),
                rs.getLong("wait_us"), longs(rs.getArray("wait_hist")), longs(rs.getArray("abandon_hist")))).list();
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
        Map<String, Object> params = range(tenant, from, to);
        params.put("zone", zone.getId());
        Map<LocalDateTime, Long> hours = new HashMap<>();
        sql.sql("""
                select date_trunc('hour', call_start at time zone :zone) as hour, count(*) as calls
                from call_record
                where tenant_id = :tenant and call_start is not null %s
                group by 1""".formatted(rangeOn("call_start", from, to)))
                .params(params)
                .query(rs -> {
                    hours.put(rs.getObject("hour", LocalDateTime.class), rs.getLong("calls"));
                });
        return hours;
    }

    /**
     * Each extension's figures: all time from the totals the upserts keep (V9's call_extension),
     * a range from its calls.
     */
    List<CallCentre.Extension> extensions(UUID tenant, Instant from, Instant to) {
        String query = from == null && to == null
                ? """
                  select extension, calls, answered, missed, talk_us
                  from call_extension
                  where tenant_id = :tenant"""
                : """
                  select f.extension, count(*) as calls, count(f.wait_s) as answered, count(f.abandon_s) as missed,
                         coalesce(sum(f.talk_us), 0) as talk_us
                  from (select (call_fact(c)).* from call_record c where c.tenant_id = :tenant %s) f
                  where f.extension is not null
                  group by f.extension""".formatted(rangeOn("c.call_start", from, to));
        return CallCentre.sorted(sql.sql(query).params(range(tenant, from, to)).query((rs, i) -> new CallCentre.Extension(
                rs.getString("extension"), rs.getLong("calls"), rs.getLong("answered"), rs.getLong("missed"),
                Math.round(rs.getLong("talk_us") / 1_000_000.0))).list());
    }

    /** The tenant and the range's ends, by name, for {@link #rangeOn}. */
    private static Map<String, Object> range(UUID tenant, Instant from, Instant to) {
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant);
        if (from != null) {
            params.put("from", Timestamp.from(from));
        }
        if (to != null) {
            params.put("to", Timestamp.from(to));
        }
        return params;
    }

    /** The range's conditions on {@code column}, each only where its end is given (so the index is used as it is). */
    private static String rangeOn(String column, Instant from, Instant to) {
        return (from != null ? " and " + column + " >= :from" : "") + (to != null ? " and " + column + " < :to" : "");
    }

    private static Instant ceilHour(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
    }

    /**
     * The range's most called other parties with the names the phone book gave them, and the
     * calls and seconds of the numbers it found no contact for ({@code number_match}, kept by
     * {@code NumberMatches}). All time reads what is kept (V21): the top numbers from the
     * {@code call_number_top} index, the unmatched figures from the tenant's row of
     * {@code number_totals}; neither grows with the numbers the tenant ever called. A range
     * groups its calls by number, in one statement.
     *
     * @return {@code available} false when some number has no state yet (the phone book was not
     *         asked about it): the unmatched figures then mean nothing
     */
    NumberFigures numbers(UUID tenant, Instant from, Instant to, int top) {
        return from == null && to == null ? allTimeNumbers(tenant, top) : rangeNumbers(tenant, from, to, top);
    }

    private NumberFigures allTimeNumbers(UUID tenant, int top) {
        List<Report.NumberCount> topNumbers = sql.sql("""
                select n.number, m.name, n.calls
                from call_number n left join number_match m on m.tenant_id = n.tenant_id and m.number = n.number
                where n.tenant_id = :tenant
                order by n.calls desc, n.number
                limit :top""")
                .param("tenant", tenant).param("top", top)
                .query((rs, i) -> new Report.NumberCount(rs.getString("number"), rs.getString("name"), rs.getLong("calls")))
                .list();
        return sql.sql("""
                select unmatched_calls, unmatched_us, unknown_numbers from number_totals where tenant_id = :tenant""")
                .param("tenant", tenant)
                .query((rs, i) -> new NumberFigures(topNumbers, rs.getLong("unknown_numbers") == 0, rs.getLong("unmatched_calls"),
                        rs.getLong("unmatched_us") / 1_000_000.0))
                .optional().orElseGet(() -> new NumberFigures(topNumbers, true, 0, 0));
    }

    private NumberFigures rangeNumbers(UUID tenant, Instant from, Instant to, int top) {
        String usage = """
                  select f.other_number as number, count(*) as calls, coalesce(sum(f.seconds_us), 0) as seconds_us
                  from (select (call_fact(c)).* from call_record c where c.tenant_id = :tenant %s) f
                  where f.other_number is not null
                  group by f.other_number""".formatted(rangeOn("c.call_start", from, to));
        Map<String, Object> params = range(tenant, from, to);
        params.put("top", top);
        List<Report.NumberCount> topNumbers = new ArrayList<>();
        long[] unmatched = new long[3];
        sql.sql("""
                with u as (%s),
                     j as (select u.number, u.calls, u.seconds_us, m.number is not null as known, m.name
                           from u left join number_match m on m.tenant_id = :tenant and m.number = u.number)
                select number, name, calls,
                       sum(case when known and name is null then calls else 0 end) over () as unmatched_calls,
                       sum(case when known and name is null then seconds_us else 0 end) over () as unmatched_us,
                       sum(case when known then 0 else 1 end) over () as unknown
                from j
                order by calls desc, number
                limit :top""".formatted(usage))
                .params(params)
                .query(rs -> {
                    topNumbers.add(new Report.NumberCount(rs.getString("number"), rs.getString("name"), rs.getLong("calls")));
                    unmatched[0] = rs.getLong("unmatched_calls");
                    unmatched[1] = rs.getLong("unmatched_us");
                    unmatched[2] = rs.getLong("unknown");
                });
        return new NumberFigures(List.copyOf(topNumbers), unmatched[2] == 0, unmatched[0], unmatched[1] / 1_000_000.0);
    }
}
