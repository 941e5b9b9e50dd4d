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

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
