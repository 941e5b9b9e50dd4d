package com.crmtelephony.cdr.live;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The events the triggers of V11 write, read for streams with what the tenant's phone book said of the other party. */
@Repository
class CallEventRepository {

    private static final int DELETE_BATCH = 5000;

    private final JdbcTemplate jdbc;

    CallEventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An event, and whether number_match knew its other party at all (if not, nobody has asked the
     * phone book about that number yet, so its contact is still to be looked up).
     */
    record Read(CallEvent event, boolean known) {
    }

    private static final String SELECT = """
            select e.id, e.state, e.call_uuid, e.direction, e.caller_number, e.destination_number, e.caller_name,
                   e.call_start, e.answer_start, e.call_end, e.duration, e.created_at,
                   m.number is not null as known, m.name as contact_name
            from call_event e
            left join number_match m on m.tenant_id = e.tenant_id
                 and m.number = case when e.direction = 'outbound' then e.destination_number else e.caller_number end
            """;

    /** The tenant's events after {@code after}, oldest first. */
    List<Read> after(UUID tenant, long after, int limit) {
        return jdbc.query(SELECT + "where e.tenant_id = ? and e.id > ? order by e.id limit ?",
                CallEventRepository::read, tenant, after, limit);
    }

    /** One event of the tenant. */
    List<Read> one(UUID tenant, long id) {
        return jdbc.query(SELECT + "where e.tenant_id = ? and e.id = ?", CallEventRepository::read, tenant, id);
    }

    /** The id of the tenant's newest event; 0 when it has none. */
    long latest(UUID tenant) {
        Long latest = jdbc.queryForObject("select max(id) from call_event where tenant_id = ?", Long.class, tenant);
        return latest == null ? 0 : latest;
    }

    /** The ids of the tenant's events with one of these numbers as either party. */
    List<Long> naming(UUID tenant, Collection<String> numbers) {
        String[] forms = numbers.toArray(String[]::new);
        return jdbc.queryForList("select id from call_event where tenant_id = ? and (caller_number = any(?) or destination_number = any(?))",
                Long.class, tenant, forms, forms);
    }

    /** The erasure's part: the tenant's events with one of these numbers as either party go. */
    int forget(UUID tenant, Collection<String> numbers) {
        String[] forms = numbers.toArray(String[]::new);
        return jdbc.update("delete from call_event where tenant_id = ? and (caller_number = any(?) or destination_number = any(?))",
                tenant, forms, forms);
    }

    /** Removes events older than {@code keep}, a batch a statement, so no delete holds many rows' locks long. */
    int deleteOlderThan(Duration keep) {
        int removed = 0;
        int batch;
        do {
            // An event a webhook still has to deliver is kept until it is delivered.
            batch = jdbc.update("delete from call_event where id in (select e.id from call_event e"
                    + " where e.created_at < now() - make_interval(secs => ?) and not exists (select 1 from webhook_delivery d"
                    + " where d.event_id = e.id and d.state = 'pending') limit ?)", keep.toSeconds(), DELETE_BATCH);
            removed += batch;
        } while (batch == DELETE_BATCH);
        return removed;
    }

    private static Read read(ResultSet rs, int row) throws SQLException {
        String direction = rs.getString("direction");
        String other = "outbound".equals(direction) ? rs.getString("destination_number") : rs.getString("caller_number");
        String name = rs.getString("contact_name");
        CallEvent.Call call = new CallEvent.Call(rs.getString("call_uuid"), direction, rs.getString("caller_number"),
                rs.getString("destination_number"), rs.getString("caller_name"), instant(rs, "call_start"),
                instant(rs, "answer_start"), instant(rs, "call_end"), (Integer) rs.getObject("duration"));
        CallEvent event = new CallEvent(rs.getLong("id"), rs.getString("state"), call,
                new CallEvent.OtherParty(other, name == null ? null : new CallEvent.Contact(name)), instant(rs, "created_at"));
        return new Read(event, rs.getBoolean("known"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
