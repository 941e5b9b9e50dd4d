package com.crmtelephony.cdr.tenant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Tenants become known with their first call; sync times are kept per tenant. */
@Repository
public class TenantRepository {

    /** A known tenant: {@code lastSyncedAt} is null until its first PBX sync. */
    public record Tenant(UUID id, Instant createdAt, Instant lastSyncedAt) {
    }

    private final JdbcTemplate jdbc;

    public TenantRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void ensure(UUID tenant) {
        jdbc.update("insert into tenant (id) values (?) on conflict (id) do nothing", tenant);
    }

    public Optional<Tenant> find(UUID tenant) {
        return jdbc.query("select id, created_at, last_synced_at from tenant where id = ?",
                (rs, i) -> new Tenant(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
                tenant).stream().findFirst();
    }

    public List<UUID> all() {
        return jdbc.queryForList("select id from tenant order by id", UUID.class);
    }

    /** Where the last sync's last stored page ended in the PBX's call feed; 0 before any. */
    /**
     * Where a tenant's last sync ended in the PBX's feed: a position in the numbering the PBX
     * calls {@code epoch} (null when it names none).
     */
    public record PbxCursor(long position, String epoch) {

        public static final PbxCursor START = new PbxCursor(0, null);
    }

    public PbxCursor pbxCursor(UUID tenant) {
        return jdbc.query("select pbx_cursor, pbx_epoch from tenant where id = ?",
                (rs, i) -> new PbxCursor(rs.getLong(1), rs.getString(2)), tenant).stream().findFirst().orElse(PbxCursor.START);
    }

    public void savePbxCursor(UUID tenant, PbxCursor cursor) {
        jdbc.update("insert into tenant (id, pbx_cursor, pbx_epoch) values (?, ?, ?) "
                + "on conflict (id) do update set pbx_cursor = excluded.pbx_cursor, pbx_epoch = excluded.pbx_epoch",
                tenant, cursor.position(), cursor.epoch());
    }

    public void markSynced(UUID tenant, Instant at) {
        jdbc.update("insert into tenant (id, last_synced_at) values (?, ?) "
                + "on conflict (id) do update set last_synced_at = excluded.last_synced_at", tenant, Timestamp.from(at));
    }

    /** Where the phone book's change feed was last read for the tenant; null before any reading (or for an unknown tenant). */
    public Long phonebookPosition(UUID tenant) {
        List<Long> found = jdbc.queryForList("select phonebook_position from tenant where id = ?", Long.class, tenant);
        return found.isEmpty() ? null : found.get(0);
    }

    /** As {@link #phonebookPosition}, the row held for share until the transaction ends: no reading of the feed moves it meanwhile. */
    public Long phonebookPositionHeld(UUID tenant) {
        List<Long> found = jdbc.queryForList("select phonebook_position from tenant where id = ? for share", Long.class, tenant);
        return found.isEmpty() ? null : found.get(0);
    }

    public void advancePhonebookPosition(UUID tenant, long position) {
        jdbc.update("update tenant set phonebook_position = greatest(phonebook_position, ?) where id = ?", position, tenant);
    }

    /** The tenant's follow-up minutes; empty for a tenant not stored yet. */
    public Optional<Integer> followUpMinutes(UUID tenant) {
        List<Integer> found = jdbc.queryForList("select follow_up_minutes from tenant where id = ?", Integer.class, tenant);
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0));
    }

    public void setFollowUpMinutes(UUID tenant, int minutes) {
        jdbc.update("insert into tenant (id, follow_up_minutes) values (?, ?)"
                + " on conflict (id) do update set follow_up_minutes = excluded.follow_up_minutes", tenant, minutes);
    }

    /** The tenants with a retention period and their days (parameters: none), for the retention's rule. */
    public static final String RETENTION_PERIODS =
            "select id, call_retention_days from tenant where call_retention_days is not null order by id";
    /** A tenant's retention days (parameter: tenant). */
    public static final String RETENTION_DAYS = "select call_retention_days from tenant where id = ?";
    /** Stores a tenant's retention days (parameters: tenant, days or null). */
    public static final String SET_RETENTION_DAYS = "insert into tenant (id, call_retention_days) values (?, ?)"
            + " on conflict (id) do update set call_retention_days = excluded.call_retention_days";
}
