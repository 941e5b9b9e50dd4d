package com.crmtelephony.support.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A service's audit trail ({@code audit_entry} in its own database): who did what with an admin
 * key, when, and under which trace. Append-only: the table belongs to the database's owner, the
 * service's own role may only insert and select, and a trigger refuses every update and delete but
 * those of the trail's retention ({@link #forget}), a function that runs as the owner
 * (R__support_audit.sql).
 */
public class AuditTrail {

    /** One admin request as recorded; {@code tenant} is the tenant it named, null for none. */
    public record Entry(long id, Instant at, String keyName, String method, String path, UUID tenant, int status,
                        String traceId) {
    }

    private final JdbcTemplate jdbc;

    public AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String keyName, String method, String path, UUID tenant, int status, String traceId) {
        jdbc.update("insert into audit_entry (key_name, method, path, tenant_id, status, trace_id) values (?, ?, ?, ?, ?, ?)",
                keyName, method, path, tenant, status, traceId);
    }

    /** Newest first; each filter may be null. */
    public List<Entry> find(Instant from, Instant to, String keyName, UUID tenant, int limit) {
        StringBuilder sql = new StringBuilder(
                "select id, at, key_name, method, path, tenant_id, status, trace_id from audit_entry where true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" and at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            args.add(Timestamp.from(to));
        }
        if (keyName != null) {
            sql.append(" and key_name = ?");
            args.add(keyName);
        }
        if (tenant != null) {
            sql.append(" and tenant_id = ?");
            args.add(tenant);
        }
        sql.append(" order by id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getInt(7),
                rs.getString(8)), args.toArray());
    }

    /**
     * The trail's own retention: forgets the entries older than {@code keep}, at least 30 days
     * (the database refuses less). Returns how many went.
     */
    public int forget(Duration keep) {
        Integer gone = jdbc.queryForObject("select audit_entry_forget(make_interval(secs => ?))", Integer.class,
                (double) keep.toSeconds());
        return gone == null ? 0 : gone;
    }
}
