package com.crmtelephony.pbx.inbox;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The inbox table: events in, pending batches out, done events marked, old ones deleted. */
@Repository
class InboxRepository {

    private static final String PENDING = "forwarded_at is null and rejected is null";

    /** A stored event that cdr-service does not have yet. */
    record Pending(String id, String body, Instant receivedAt) {
    }

    /** What waits: how many events, and when the oldest came. */
    record Backlog(long events, Instant oldest) {
        static final Backlog EMPTY = new Backlog(0, null);
    }

    private final JdbcTemplate jdbc;

    InboxRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the events not stored before, in their order, in one statement.
     *
     * @param events distinct by key
     * @return the keys stored now (the others were there already: redeliveries)
     */
    Set<InboxEvent.Key> insert(List<InboxEvent> events) {
        Set<InboxEvent.Key> stored = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    insert into inbox_event (tenant_id, id, body)
                    select t, i, b from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as e(t, i, b, n) order by n
                    on conflict do nothing returning tenant_id, id""");
            Array tenants = connection.createArrayOf("uuid", events.stream().map(e -> e.key().tenant()).toArray());
            Array ids = connection.createArrayOf("text", events.stream().map(e -> e.key().id()).toArray());
            Array bodies = connection.createArrayOf("text", events.stream().map(InboxEvent::body).toArray());
            insert.setArray(1, tenants);
            insert.setArray(2, ids);
            insert.setArray(3, bodies);
            return insert;
        }, rs -> {
            stored.add(new InboxEvent.Key(rs.getObject(1, UUID.class), rs.getString(2)));
        });
        return stored;
    }

    List<UUID> tenantsWithPending() {
        return jdbc.queryForList("select distinct tenant_id from inbox_event where " + PENDING, UUID.class);
    }

    /**
     * Whether this transaction holds the tenant's forwarding: one forwarder at a time per tenant,
     * whichever replica it runs in, so that its events go in order. Released at commit.
     */
    boolean lockTenant(UUID tenant) {
        long key = tenant.getMostSignificantBits() ^ tenant.getLeastSignificantBits();
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, key));
    }

    /** The tenant's oldest pending events, in arrival order, up to {@code limit}. */
    List<Pending> pending(UUID tenant, int limit) {
        return jdbc.query("select id, body, received_at from inbox_event where tenant_id = ? and " + PENDING
                        + " order by seq limit ?",
                (rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), tenant, limit);
    }

    void forwarded(UUID tenant, List<String> ids) {
        jdbc.update(connection -> {
            PreparedStatement update = connection.prepareStatement(
                    "update inbox_event set forwarded_at = now() where tenant_id = ? and id = any(?)");
            update.setObject(1, tenant);
            update.setArray(2, connection.createArrayOf("text", ids.toArray()));
            return update;
        });
    }

    void rejected(UUID tenant, String id, String reason) {
        jdbc.update("update inbox_event set rejected = ? where tenant_id = ? and id = ?", reason, tenant, id);
    }

    /** One tenant's: events not yet in cdr-service (on the pending index), and those set aside as refused. */
    InboxStatus backlog(UUID tenant) {
        return jdbc.queryForObject("select (select count(*) from inbox_event where tenant_id = ? and " + PENDING + "),"
                        + " (select min(received_at) from inbox_event where tenant_id = ? and " + PENDING + "),"
                        + " (select count(*) from inbox_event where tenant_id = ? and rejected is not null)",
                (rs, n) -> new InboxStatus(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                        rs.getLong(3)), tenant, tenant, tenant);
    }

    Backlog backlog() {
        return jdbc.queryForObject("select count(*), min(received_at) from inbox_event where " + PENDING,
                (rs, n) -> new Backlog(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
    }

    /** Deletes up to {@code limit} done events received before the cutoffs; pending ones always stay. */
    int deleteDone(Instant forwardedBefore, Instant rejectedBefore, int limit) {
        return jdbc.update("""
                delete from inbox_event where ctid in (
                    select ctid from inbox_event where forwarded_at is not null and received_at < ? limit ?)""",
                Timestamp.from(forwardedBefore), limit)
                + jdbc.update("""
                delete from inbox_event where ctid in (
                    select ctid from inbox_event where rejected is not null and received_at < ? limit ?)""",
                Timestamp.from(rejectedBefore), limit);
    }

    /**
     * A body names a number when one of its parties is that number, exactly: a substring of any
     * body (a uuid, a timestamp, another number) is not the person. A body that is no JSON object
     * names nobody.
     */
    private static final String NAMES_ONE = """
            (case when body is json object
                  then (body::jsonb ->> 'caller_number') = any(?::text[]) or (body::jsonb ->> 'destination_number') = any(?::text[])
                  else false end)""";

    /** The erasure's part: the tenant's webhooks kept after they were stored or refused that name one of the numbers go. */
    int forgetNaming(UUID tenant, Collection<String> numbers) {
        String[] forms = numbers.toArray(String[]::new);
        return jdbc.update("delete from inbox_event where tenant_id = ? and (forwarded_at is not null or rejected is not null) and "
                + NAMES_ONE, tenant, forms, forms);
    }

    /** The tenant's webhooks not stored yet that name one of the numbers. */
    long pendingNaming(UUID tenant, Collection<String> numbers) {
        String[] forms = numbers.toArray(String[]::new);
        Long pending = jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ? and forwarded_at is null"
                + " and rejected is null and " + NAMES_ONE, Long.class, tenant, forms, forms);
        return pending == null ? 0 : pending;
    }
}
