package com.crmtelephony.tenant.pbx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The pbx_connection table's one owner. */
@Repository
class ConnectionRepository {

    /** A row as stored: the secrets sealed. */
    record Row(UUID tenant, String baseUrl, String kind, byte[] credentials, byte[] webhookSecret, Instant createdAt,
               Instant updatedAt, Instant lastPullAt, Instant lastWebhookAt, String subscription, Instant subscribedAt,
               String lastError, Instant lastErrorAt) {
    }

    private static final String COLUMNS = """
            tenant_id, base_url, kind, credentials, webhook_secret, created_at, updated_at, last_pull_at, last_webhook_at,
            subscription, subscribed_at, last_error, last_error_at""";

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getObject("tenant_id", UUID.class), rs.getString("base_url"),
            rs.getString("kind"), rs.getBytes("credentials"), rs.getBytes("webhook_secret"), instant(rs, "created_at"),
            instant(rs, "updated_at"), instant(rs, "last_pull_at"), instant(rs, "last_webhook_at"), rs.getString("subscription"),
            instant(rs, "subscribed_at"), rs.getString("last_error"), instant(rs, "last_error_at"));

    private final JdbcClient jdbc;

    ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    Optional<Row> find(UUID tenant) {
        return jdbc.sql("select " + COLUMNS + " from pbx_connection where tenant_id = :tenant").param("tenant", tenant).query(ROW)
                .optional();
    }

    List<Row> all() {
        return jdbc.sql("select " + COLUMNS + " from pbx_connection order by tenant_id").query(ROW).list();
    }

    /** @return true when the tenant had no connection before */
    boolean put(UUID tenant, String baseUrl, String kind, byte[] credentials, byte[] webhookSecret) {
        boolean created = find(tenant).isEmpty();
        // A new address or kind starts its status afresh: the old PBX's errors are not the new one's.
        jdbc.sql("""
                        insert into pbx_connection (tenant_id, base_url, kind, credentials, webhook_secret)
                        values (:tenant, :url, :kind, :credentials, :secret)
                        on conflict (tenant_id) do update set
                            base_url = excluded.base_url, kind = excluded.kind, credentials = excluded.credentials,
                            webhook_secret = excluded.webhook_secret, updated_at = now(),
                            last_pull_at = null, last_webhook_at = null, subscription = null, subscribed_at = null,
                            last_error = null, last_error_at = null""")
                .param("tenant", tenant).param("url", baseUrl).param("kind", kind).param("credentials", credentials)
                .param("secret", webhookSecret).update();
        return created;
    }

    /** Only where the tenant has none: an import never replaces what an admin set. */
    boolean add(UUID tenant, String baseUrl, String kind, byte[] webhookSecret) {
        return jdbc.sql("""
                        insert into pbx_connection (tenant_id, base_url, kind, webhook_secret)
                        values (:tenant, :url, :kind, :secret) on conflict (tenant_id) do nothing""")
                .param("tenant", tenant).param("url", baseUrl).param("kind", kind).param("secret", webhookSecret).update() == 1;
    }

    boolean delete(UUID tenant) {
        return jdbc.sql("delete from pbx_connection where tenant_id = :tenant").param("tenant", tenant).update() == 1;
    }

    /** What pbx-integration-service saw; times only move forward, whichever instance reports first. */
    void report(UUID tenant, Instant pull, Instant webhook, String subscription, String error, Instant errorAt) {
        jdbc.sql("""
                        update pbx_connection set
                            last_pull_at = greatest(last_pull_at, cast(:pull as timestamptz)),
                            last_webhook_at = greatest(last_webhook_at, cast(:webhook as timestamptz)),
                            subscription = coalesce(cast(:subscription as text), subscription),
                            subscribed_at = case when cast(:subscription as text) = 'subscribed' then now() else subscribed_at end,
                            last_error = case when cast(:errorAt as timestamptz) is not null
                                                   and (last_error_at is null or last_error_at < cast(:errorAt as timestamptz))
                                              then cast(:error as text) else last_error end,
                            last_error_at = greatest(last_error_at, cast(:errorAt as timestamptz))
                        where tenant_id = :tenant""")
                .param("tenant", tenant).param("pull", ts(pull)).param("webhook", ts(webhook))
                .param("subscription", subscription).param("error", error).param("errorAt", ts(errorAt)).update();
    }

    private static java.sql.Timestamp ts(Instant at) {
        return at == null ? null : java.sql.Timestamp.from(at);
    }
}
