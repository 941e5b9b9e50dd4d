package com.crmtelephony.cdr.report;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.crmtelephony.cdr.CdrServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V10 replaced the delta tables under databases that may hold deltas not folded yet (a
 * deployment upgraded between two folds, writes under way). In a database of its own: calls
 * written, changed and deleted at V9, partly folded; then the upgrade; then more of the same; then
 * every kept figure (per hour with both histograms, per number, per extension) must equal the
 * figures recomputed from the calls by plain SQL.
 */
class AggregatesUpgradeTests extends CdrServiceTest {

    /** Per hour: every kept column and each histogram's non-zero buckets, as rows that can be compared. */
    private static final String KEPT = """
            select tenant_id, 'hour' as kind, hour::text as key, array[calls, inbound, outbound, answered, answered_us,
                   unanswered_us, talk_us, talk_calls, ring_us, ring_calls, coalesce(ring_max_us, -1), no_number_calls,
                   no_number_us, inbound_answered, wait_us] as figures
            from call_hour
            union all
            select tenant_id, 'wait ' || i, hour::text, array[n] from call_hour, unnest(wait_hist) with ordinality as u(n, i) where n <> 0
            union all
            select tenant_id, 'abandon ' || i, hour::text, array[n] from call_hour, unnest(abandon_hist) with ordinality as u(n, i) where n <> 0
            union all
            select tenant_id, 'number', number, array[calls, seconds_us] from call_number
            union all
            select tenant_id, 'extension', extension, array[calls, answered, missed, talk_us] from call_extension
            """;

    private static final String RECOMPUTED = """
            with f as (select c.tenant_id, (call_fact(c)).* from call_record c)
            select tenant_id, 'hour' as kind, bucket::text as key, array[count(*), count(*) filter (where inbound),
                   count(*) filter (where outbound), count(*) filter (where answered),
                   coalesce(sum(seconds_us) filter (where answered), 0), coalesce(sum(seconds_us) filter (where not answered), 0),
                   coalesce(sum(talk_us), 0), count(talk_us), coalesce(sum(ring_us), 0), count(ring_us),
                   coalesce(max(ring_us), -1), count(*) filter (where other_number is null),
                   coalesce(sum(seconds_us) filter (where other_number is null), 0), count(wait_us),
                   coalesce(sum(wait_us), 0)]::bigint[] as figures
            from f group by tenant_id, bucket
            union all
            select tenant_id, 'wait ' || (wait_s + 1), bucket::text, array[count(*)] from f where wait_s is not null
            group by tenant_id, bucket, wait_s
            union all
            select tenant_id, 'abandon ' || (abandon_s + 1), bucket::text, array[count(*)] from f where abandon_s is not null
            group by tenant_id, bucket, abandon_s
            union all
            select tenant_id, 'number', other_number, array[count(*), coalesce(sum(seconds_us), 0)]::bigint[]
            from f where other_number is not null group by tenant_id, other_number
            union all
            select tenant_id, 'extension', extension, array[count(*), count(wait_s), count(abandon_s), coalesce(sum(talk_us), 0)]::bigint[]
            from f where extension is not null group by tenant_id, extension
            """;

    @Value("${spring.datasource.url}")
    String url;
    @Value("${spring.datasource.username:postgres}")
    String username;
    @Value("${spring.datasource.password:}")
    String password;

    @Test
    void deltasWrittenBeforeTheUpgradeCountOnceAndTheFiguresStayEqualToTheCalls() {
        String database = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("create database " + database);
        String databaseUrl = url.replaceFirst("/[^/?]+(?=\\?|$)", "/" + database);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(databaseUrl, username, password);
        // One session, so that setseed makes the calls the same on every run.
        SingleConnectionDataSource session = new SingleConnectionDataSource(databaseUrl, username, password, true);
        try {
            JdbcTemplate db = new JdbcTemplate(session);
            UUID a = newTenant();
            UUID b = newTenant();
            // The schema as V9 left it: Flyway runs repeatable migrations whatever the target
            // (flyway#2765), and R__report_aggregates.sql holds today's functions, so none here.
            Flyway.configure().dataSource(dataSource).target("9").repeatableSqlMigrationPrefix("not-repeatable-here")
                    .load().migrate();

            write(db, a, 0, 0.11);
            db.queryForObject("select call_aggregates_fold(?)::text", String.class, a);
            write(db, b, 0, 0.23);
            write(db, a, 150, 0.37);
            assertThat(db.queryForObject("select count(*) from call_hour_delta", Long.class)).isPositive();
            assertThat(db.queryForObject("select count(*) from call_number_delta", Long.class)).isPositive();

            Flyway.configure().dataSource(dataSource).load().migrate();
            assertThat(db.queryForObject("select to_regclass('call_hour_delta')::text", String.class))
                    .as("the deltas written before the upgrade are folded by it, then dropped").isNull();

            write(db, b, 120, 0.41);
            write(db, a, 300, 0.53);
            for (UUID tenant : List.of(a, b)) {
                db.queryForObject("select call_aggregates_fold(?)::text", String.class, tenant);
            }
            assertThat(db.queryForObject("select count(*) from call_record", Long.class)).isGreaterThan(300);
            assertThat(db.queryForList("(" + KEPT + ") except all (" + RECOMPUTED + ")"))
                    .as("kept but not recomputed").isEmpty();
            assertThat(db.queryForList("(" + RECOMPUTED + ") except all (" + KEPT + ")"))
                    .as("recomputed but not kept").isEmpty();
        } finally {
            session.destroy();
            jdbc.execute("drop database " + database + " with (force)");
        }
    }

    /**
     * 150 random calls of a tenant in three statements (the second replacing some of the first's
     * calls in place), then some answered later, some rung longer, and some deleted.
     */
    private static void write(JdbcTemplate db, UUID tenant, int first, double seed) {
        db.queryForObject("select setseed(?)::text", String.class, seed);
        for (int from = first; from < first + 150; from += 50) {
            db.update("""
                    insert into call_record (tenant_id, uuid, caller_number, destination_number, direction,
                                             call_start, ring_start, answer_start, call_end, duration, action)
                    select ?, 'c' || (i % (? + 120)), f.caller, f.destination, f.direction,
                           f.start, f.start + f.ring, f.answer,
                           coalesce(f.answer, f.start + f.ring, f.start) + interval '1 s' * (random() * 200), null,
                           'HANGUP'
                    from generate_series(?, ?) i,
                         lateral (select case when r < 0.45 then 'inbound' when r < 0.9 then 'outbound' end as direction,
                                         '3579900' || (random() * 40)::int as other, '20' || (random() * 4)::int as ext,
                                         case when random() < 0.05 then null
                                              else timestamptz '2024-05-01' + interval '1 s' * (random() * 180000) end as start,
                                         case when random() < 0.1 then null else interval '1 ms' * (random() * 60000) end as ring,
                                         case when random() < 0.5 then interval '1 ms' * (random() * 150000) end as wait
                                  from (select random() as r, i) x) o,
                         lateral (select case when o.direction = 'outbound' then o.ext else o.other end as caller,
                                         case when o.direction = 'outbound' then o.other else o.ext end as destination,
                                         o.direction, o.start, o.ring,
                                         o.start + coalesce(o.ring, interval '0') + o.wait as answer) f
                    on conflict (tenant_id, uuid) do update set
                        caller_number = excluded.caller_number, destination_number = excluded.destination_number,
                        direction = excluded.direction, call_start = excluded.call_start,
                        ring_start = excluded.ring_start, answer_start = excluded.answer_start,
                        call_end = excluded.call_end
                    """, tenant, first, from, from + 49);
        }
        db.update("update call_record set answer_start = ring_start + interval '3 s' where tenant_id = ? and answer_start is null"
                + " and random() < 0.2", tenant);
        db.update("update call_record set ring_start = ring_start - interval '7 s' where tenant_id = ? and random() < 0.2", tenant);
        db.update("delete from call_record where tenant_id = ? and random() < 0.1", tenant);
    }
}
