package com.crmtelephony.tenant.key;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_key table's one owner. */
@Repository
class KeyRepository {

    private static final String COLUMNS = "id, tenant_id, name, prefix, role, created_at, last_used_at, expires_at, revoked_at";

    private static final RowMapper<ApiKey> KEY = (rs, n) -> new ApiKey(rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class), rs.getString("name"), rs.getString("prefix"), rs.getString("role"),
            instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("last_used_at")),
            instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("revoked_at")), null);

    private final JdbcClient jdbc;

    KeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ApiKey create(UUID id, UUID tenant, String name, String prefix, String hmac, String role, Instant expiresAt) {
        return jdbc.sql("""
                        insert into api_key (id, tenant_id, name, prefix, hmac, role, expires_at)
                        values (:id, :tenant, :name, :prefix, :hmac, :role, :expires)
                        returning %s""".formatted(COLUMNS))
                .param("id", id).param("tenant", tenant).param("name", name).param("prefix", prefix).param("hmac", hmac)
                .param("role", role).param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(KEY).single();
    }

    /** Newest first, the revoked ones too (with when). */
    List<ApiKey> ofTenant(UUID tenant) {
        return jdbc.sql("select %s from api_key where tenant_id = :tenant order by created_at desc, id".formatted(COLUMNS))
                .param("tenant", tenant).query(KEY).list();
    }

    long unrevoked(UUID tenant) {
        return jdbc.sql("select count(*) from api_key where tenant_id = :tenant and revoked_at is null")
                .param("tenant", tenant).query(Long.class).single();
    }

    /** @return the key, revoked now or before; empty when the tenant has no such key */
    Optional<ApiKey> revoke(UUID tenant, UUID id, Instant now) {
        return jdbc.sql("""
                        update api_key set revoked_at = coalesce(revoked_at, :now)
                        where id = :id and tenant_id = :tenant
                        returning %s""".formatted(COLUMNS))
                .param("id", id).param("tenant", tenant).param("now", Timestamp.from(now)).query(KEY).optional();
    }

    /** The unrevoked key with this HMAC. */
    Optional<ApiKey> byHmac(String hmac) {
        return jdbc.sql("select %s from api_key where hmac = :hmac and revoked_at is null".formatted(COLUMNS))
                .param("hmac", hmac).query(KEY).optional();
    }

    /** Last use, written at most once a minute per key however often the gateways ask. */
    void used(UUID id, Instant now) {
        jdbc.sql("""
                        update api_key set last_used_at = :now
                        where id = :id and (last_used_at is null or last_used_at < cast(:now as timestamptz) - interval '1 minute')""")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    /**
     * A key known only by its HMAC (a deployment's configured keys, the bootstrap admin key). One
     * the registry holds already, revoked or not, stays as it is: importing again never brings a
     * revoked key back.
     *
     * @return whether it was added
     */
    boolean addKnown(UUID tenant, String name, String hmac, String role) {
        return jdbc.sql("""
                        insert into api_key (id, tenant_id, name, hmac, role) values (:id, :tenant, :name, :hmac, :role)
                        on conflict (hmac) do nothing""")
                .param("id", UUID.randomUUID()).param("tenant", tenant).param("name", name).param("hmac", hmac)
                .param("role", role).update() == 1;
    }

    /** Admin keys have no tenant row to lock: their cap is decided under this lock, until the transaction ends. */
    void lockAdmins() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('api_key admin'))").query().singleValue();
    }

    long unrevokedAdmins() {
        return jdbc.sql("select count(*) from api_key where tenant_id is null and revoked_at is null").query(Long.class).single();
    }

    /** Admin keys, newest first, the revoked ones too. */
    List<ApiKey> admins() {
        return jdbc.sql("select %s from api_key where tenant_id is null order by created_at desc, id".formatted(COLUMNS))
                .query(KEY).list();
    }

    Optional<ApiKey> revokeAdmin(UUID id, Instant now) {
        return jdbc.sql("""
                        update api_key set revoked_at = coalesce(revoked_at, :now)
                        where id = :id and tenant_id is null
                        returning %s""".formatted(COLUMNS))
                .param("id", id).param("now", Timestamp.from(now)).query(KEY).optional();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
