package com.crmtelephony.cdr.reconciliation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation's reads of the stored calls and what the phone book said of their numbers
 * ({@code call_record}, {@code number_match}: read here, written by their modules), and its own
 * {@code stuck_pull}: how often each stuck call was pulled again.
 */
@Repository
class ReconciliationRepository {

    /**
     * A stored call still on a non-final event (ORIGINATE, RING, ANSWERED, without an end) for
     * longer than {@code :stuckMinutes}. A call posted without an action, or one that ended, is not stuck.
     */
    private static final String STUCK = """
            c.action in ('ORIGINATE', 'RING', 'ANSWERED') and c.call_end is null
            and c.updated_at < now() - make_interval(mins => :stuckMinutes)""";

    /** A stuck call to pull again: {@code since}, its start (or last write), bounds the PBX's feed to read. */
    record Stuck(UUID tenant, String uuid, Instant since) {
    }

    private final JdbcClient jdbc;

    ReconciliationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored calls of the tenant among these ids that started in [from, to), each with its start. */
    void storedAmong(UUID tenant, Collection<String> uuids, Instant from, Instant to, BiConsumer<String, Instant> each) {
        jdbc.sql("""
                select uuid, call_start from call_record
                where tenant_id = :tenant and uuid = any(:uuids) and call_start >= :from and call_start < :to""")
                .param("tenant", tenant).param("uuids", uuids.toArray(String[]::new))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(rs -> {
                    each.accept(rs.getString("uuid"), rs.getTimestamp("call_start").toInstant());
                });
    }

    /** Per UTC day of [from, to): the stored calls, those stuck, and those whose other party no contact matches. */
    Map<LocalDate, long[]> storedByDay(UUID tenant, Instant from, Instant to, int stuckMinutes) {
        Map<LocalDate, long[]> stored = new HashMap<>();
        jdbc.sql("""
                select (c.call_start at time zone 'UTC')::date as day, count(*) as calls,
                       count(*) filter (where %s) as stuck,
                       count(*) filter (where m.number is not null and m.name is null) as unmatched
                from call_record c
                left join number_match m on m.tenant_id = c.tenant_id
                    and m.number = case when c.direction = 'outbound' then c.destination_number else c.caller_number end
                where c.tenant_id = :tenant and c.call_start >= :from and c.call_start < :to
                group by 1""".formatted(STUCK))
                .param("stuckMinutes", stuckMinutes).param("tenant", tenant)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(rs -> {
                    stored.put(rs.getObject("day", LocalDate.class),
                            new long[] {rs.getLong("calls"), rs.getLong("stuck"), rs.getLong("unmatched")});
                });
        return stored;
    }

    /** Calls stuck for {@code stuckMinutes}, last written within {@code window}, pulled fewer than {@code maxPulls} times. */
    List<Stuck> stuck(int stuckMinutes, Duration window, int maxPulls) {
        return jdbc.sql("""
                select c.tenant_id, c.uuid, coalesce(c.call_start, c.updated_at) as since from call_record c
                left join stuck_pull p on p.tenant_id = c.tenant_id and p.uuid = c.uuid
                where %s and c.updated_at > now() - make_interval(secs => :window) and coalesce(p.pulls, 0) < :maxPulls
                limit 10000""".formatted(STUCK))
                .param("stuckMinutes", stuckMinutes).param("window", window.toSeconds()).param("maxPulls", maxPulls)
                .query((rs, i) -> new Stuck(rs.getObject("tenant_id", UUID.class), rs.getString("uuid"),
                        rs.getTimestamp("since").toInstant()))
                .list();
    }

    void countPulls(UUID tenant, Collection<String> uuids) {
        jdbc.sql("""
                insert into stuck_pull (tenant_id, uuid, pulls) select :tenant, u, 1 from unnest(:uuids::text[]) u
                on conflict (tenant_id, uuid) do update set pulls = stuck_pull.pulls + 1, pulled_at = now()""")
                .param("tenant", tenant).param("uuids", uuids.toArray(String[]::new)).update();
    }

    void forgetPullsBefore(Duration window) {
        jdbc.sql("delete from stuck_pull where pulled_at < now() - make_interval(secs => :window)")
                .param("window", window.toSeconds()).update();
    }
}
