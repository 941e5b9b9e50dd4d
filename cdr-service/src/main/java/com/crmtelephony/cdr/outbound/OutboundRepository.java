package com.crmtelephony.cdr.outbound;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class OutboundRepository implements InitializingBean {

    private static final String ENDPOINT = "id, url, events, enabled, secret, failing_since, disabled_reason, created_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final EndpointSecrets secrets;

    OutboundRepository(JdbcTemplate jdbc, EndpointSecrets secrets) {
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** Secrets an earlier version stored in clear are encrypted now. */
    @Override
    public void afterPropertiesSet() {
        jdbc.query("select id, secret from webhook_endpoint where secret not like 'v1:%'", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            jdbc.update("update webhook_endpoint set secret = ? where id = ? and secret = ?", secrets.seal(rs.getString(2), id), id,
                    rs.getString(2));
        });
    }

    /** The erasure's part: deliveries still to make of these events (one tenant's) go; the events go in the live calls' step. */
    int forgetPending(List<Long> events) {
        return jdbc.update("delete from webhook_delivery where state = 'pending' and event_id = any(?)",
                (Object) events.toArray(Long[]::new));
    }

    /** A delivery an instance took: leased until its lease ends, when another may take it again. */
    /** @param previousSecret the secret a rotation replaced, while it still signs (24 h); else null */
    record Due(long id, UUID endpoint, UUID tenant, long eventId, int attempts, String url, String secret,
               String previousSecret, int endpointFailures) {
    }

    /**
     * Every tenant's endpoints failing (enabled, failing since their last success) and disabled,
     * and the deliveries waiting for enabled endpoints with the oldest one's age: what the alert
     * rules watch (OutboundMeters).
     */
    record Health(long failing, long disabled, long waiting, double oldestWaitingSeconds) {
    }

    Health health() {
        return jdbc.queryForObject("""
                select (select count(*) from webhook_endpoint where enabled and failing_since is not null) as failing,
                       (select count(*) from webhook_endpoint where not enabled) as disabled,
                       count(*) as waiting,
                       coalesce(extract(epoch from now() - min(d.created_at)), 0) as oldest
                  from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
                 where d.state = 'pending' and w.enabled
                """, (rs, n) -> new Health(rs.getLong("failing"), rs.getLong("disabled"), rs.getLong("waiting"),
                rs.getDouble("oldest")));
    }

    /** Deliveries waiting for each tenant's enabled endpoints, every tenant with one (0: none waiting). */
    Map<UUID, Long> waitingByTenant() {
        Map<UUID, Long> waiting = new HashMap<>();
        jdbc.query("""
                select w.tenant_id, count(d.id) as waiting
                  from webhook_endpoint w left join webhook_delivery d on d.endpoint_id = w.id and d.state = 'pending'
                 where w.enabled group by w.tenant_id""",
                rs -> {
                    waiting.put(rs.getObject("tenant_id", UUID.class), rs.getLong("waiting"));
                });
        return waiting;
    }

    int count(UUID tenant) {
        return jdbc.queryForObject("select count(*) from webhook_endpoint where tenant_id = ?", Integer.class, tenant);
    }

    Endpoint create(UUID tenant, String url, List<String> events, String secret) {
        UUID id = UUID.randomUUID();
        return jdbc.queryForObject("insert into webhook_endpoint (id, tenant_id, url, events, secret) values (?, ?, ?, ?, ?)"
                        + " returning " + ENDPOINT, OutboundRepository::endpoint,
                id, tenant, url, events.toArray(String[]::new), secrets.seal(secret, id));
    }

    List<Endpoint> list(UUID tenant) {
        return jdbc.query("select " + ENDPOINT + " from webhook_endpoint where tenant_id = ? order by created_at, id",
                OutboundRepository::endpoint, tenant);
    }

    Optional<Endpoint> find(UUID tenant, UUID id) {
        return jdbc.query("select " + ENDPOINT + " from webhook_endpoint where tenant_id = ? and id = ?",
                OutboundRepository::endpoint, tenant, id).stream().findFirst();
    }

    boolean delete(UUID tenant, UUID id) {
        return jdbc.update("delete from webhook_endpoint where tenant_id = ? and id = ?", tenant, id) == 1;
    }

    /** The new secret signs from now on; the one it replaces signs beside it for {@code overlap}. */
    Optional<Endpoint> rotate(UUID tenant, UUID id, String secret, Duration overlap) {
        return jdbc.query("update webhook_endpoint set previous_secret = secret,"
                        + " previous_until = now() + make_interval(secs => ?), secret = ?"
                        + " where tenant_id = ? and id = ? returning " + ENDPOINT,
                OutboundRepository::endpoint, overlap.toSeconds(), secrets.seal(secret, id), tenant, id).stream().findFirst();
    }

    /** Enabled again: what waited while it was disabled is delivered, in order. */
    Optional<Endpoint> enable(UUID tenant, UUID id) {
        return jdbc.query("update webhook_endpoint set enabled = true, disabled_reason = null, failing_since = null,"
                        + " blocked_until = null, failures = 0"
                        + " where tenant_id = ? and id = ? returning " + ENDPOINT,
                OutboundRepository::endpoint, tenant, id).stream().findFirst();
    }

    List<Delivery> deliveries(UUID tenant, UUID endpoint, int limit) {
        // A delivered one has no next attempt (the column then holds its last lease).
        return jdbc.query("select d.*, case when d.state = 'pending' then d.next_attempt_at end as next_attempt"
                        + " from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id"
                        + " where w.tenant_id = ? and d.endpoint_id = ? order by d.id desc limit ?",
                (rs, i) -> new Delivery("msg_" + rs.getLong("id"), rs.getLong("event_id"), rs.getString("call_uuid"),
                        rs.getString("state"), rs.getInt("attempts"), (Integer) rs.getObject("last_status"),
                        rs.getString("last_error"), instant(rs, "next_attempt"), instant(rs, "delivered_at"),
                        instant(rs, "created_at")),
                tenant, endpoint, limit);
    }

    /** A delivery due, of an endpoint that may be tried now: the first of its call, oldest first. */
    record Candidate(long id, UUID tenant, UUID endpoint, int endpointFailures) {
    }

    /**
     * Up to {@code perEndpoint} deliveries due of each enabled endpoint that is not backing off,
     * oldest first: of each endpoint's call only the oldest pending one, so a call's events arrive
     * in order. The instance shares them out across tenants.
     */
    List<Candidate> candidates(int perEndpoint) {
        return jdbc.query("""
                select w.tenant_id, w.id as endpoint_id, w.failures, d.id
                from webhook_endpoint w
                cross join lateral (
                    select d.id from webhook_delivery d
                    where d.endpoint_id = w.id and d.state = 'pending' and d.next_attempt_at <= now()
                      and not exists (select 1 from webhook_delivery p where p.endpoint_id = d.endpoint_id
                                      and p.call_uuid = d.call_uuid and p.state = 'pending' and p.id < d.id)
                    order by d.id
                    limit ?) d
                where w.enabled and (w.blocked_until is null or w.blocked_until <= now())
                order by d.id""",
                (rs, i) -> new Candidate(rs.getLong("id"), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class), rs.getInt("failures")),
                perEndpoint);
    }

    /**
     * Leases these deliveries to {@code instance} for {@code lease}: those still due (another
     * instance may have taken some meanwhile, and those are left to it).
     */
    List<Due> lease(List<Long> ids, Duration lease, String instance) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    update webhook_delivery d
                    set next_attempt_at = now() + make_interval(secs => ?), attempts = d.attempts + 1, leased_by = ?
                    from webhook_endpoint w
                    where w.id = d.endpoint_id and d.id = any(?) and d.state = 'pending' and d.next_attempt_at <= now()
                    returning d.id, d.endpoint_id, w.tenant_id, d.event_id, d.attempts, w.url, w.secret, w.failures,
                              case when w.previous_until > now() then w.previous_secret end as previous_secret""");
            ps.setDouble(1, lease.toMillis() / 1000.0);
            ps.setString(2, instance);
            ps.setArray(3, connection.createArrayOf("bigint", ids.toArray()));
            return ps;
        }, (rs, i) -> {
            UUID endpoint = rs.getObject("endpoint_id", UUID.class);
            return new Due(rs.getLong("id"), endpoint, rs.getObject("tenant_id", UUID.class), rs.getLong("event_id"),
                    rs.getInt("attempts"), rs.getString("url"), secrets.open(rs.getString("secret"), endpoint),
                    secrets.open(rs.getString("previous_secret"), endpoint), rs.getInt("failures"));
        });
    }

    /**
     * This instance is alive (its row, seen now), and so are the leases of the deliveries it has
     * in flight; rows of instances not seen for {@code lease} go, and what they had taken is due
     * again at once (a replaced pod, a crash): its webhook-ids are the same, so a receiver drops
     * one it already has.
     *
     * @return how many deliveries of gone instances were released
     */
    int heartbeat(String instance, Collection<Long> inFlight, Duration lease) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("instance", instance)
                .addValue("lease", lease.toMillis() / 1000.0).addValue("ids", inFlight.isEmpty() ? List.of(-1L) : inFlight);
        named.update("""
                insert into outbound_instance (id, seen_at) values (:instance, now())
                on conflict (id) do update set seen_at = now()""", parameters);
        named.update("""
                update webhook_delivery set next_attempt_at = now() + make_interval(secs => :lease)
                where state = 'pending' and leased_by = :instance and id in (:ids)""", parameters);
        named.update("delete from outbound_instance where seen_at < now() - make_interval(secs => :lease)", parameters);
        return named.update("""
                update webhook_delivery d set next_attempt_at = now(), leased_by = null
                where d.state = 'pending' and d.leased_by is not null
                  and not exists (select 1 from outbound_instance i where i.id = d.leased_by)""", parameters);
    }

    /** A stopping instance: what it had taken and not finished is due again now, and its row goes. */
    int leave(String instance) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("instance", instance);
        int released = named.update("update webhook_delivery set next_attempt_at = now(), leased_by = null"
                + " where state = 'pending' and leased_by = :instance", parameters);
        named.update("delete from outbound_instance where id = :instance", parameters);
        return released;
    }

    void delivered(Due due, int status) {
        jdbc.update("update webhook_delivery set state = 'delivered', delivered_at = now(), last_status = ?, last_error = null,"
                + " leased_by = null where id = ?", status, due.id());
        jdbc.update("update webhook_endpoint set failing_since = null, blocked_until = null, failures = 0"
                + " where id = ? and (failing_since is not null or failures > 0)", due.endpoint());
    }

    /**
     * A failed attempt: tried again after {@code retryIn}. When the endpoint is at fault (no
     * answer, a 5xx, a 429), the whole endpoint backs off as long: none of its deliveries is tried
     * before; it is disabled once it has failed for {@code disableAfter}.
     */
    void failed(Due due, Integer status, String error, Duration retryIn, Duration disableAfter, boolean endpointAtFault) {
        jdbc.update("update webhook_delivery set last_status = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?),"
                + " leased_by = null where id = ?", status, error, retryIn.toMillis() / 1000.0, due.id());
        if (endpointAtFault) {
            jdbc.update("update webhook_endpoint set failing_since = coalesce(failing_since, now()), failures = failures + 1,"
                    + " blocked_until = greatest(blocked_until, now() + make_interval(secs => ?)) where id = ?",
                    retryIn.toMillis() / 1000.0, due.endpoint());
        } else {
            jdbc.update("update webhook_endpoint set failing_since = coalesce(failing_since, now()) where id = ?", due.endpoint());
        }
        jdbc.update("update webhook_endpoint set enabled = false, disabled_reason = ? where id = ? and enabled"
                        + " and failing_since < now() - make_interval(secs => ?)",
                "failed for longer than " + disableAfter + " without a success; last: " + error,
                due.endpoint(), disableAfter.toMillis() / 1000.0);
    }

    /** The receiver said the endpoint is gone (410): disabled now; its deliveries wait until it is enabled again. */
    void gone(Due due, String reason) {
        jdbc.update("update webhook_delivery set last_status = 410, last_error = ?, next_attempt_at = now(), leased_by = null"
                + " where id = ?", reason, due.id());
        jdbc.update("update webhook_endpoint set enabled = false, disabled_reason = ? where id = ?", reason, due.endpoint());
    }

    /** The log's delivered entries older than {@code keep}. */
    int forgetDelivered(Duration keep) {
        return jdbc.update("delete from webhook_delivery where state = 'delivered' and delivered_at < now() - make_interval(secs => ?)",
                keep.toSeconds());
    }

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("events");
        return new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), Arrays.asList((String[]) events.getArray()),
                rs.getBoolean("enabled"), null, instant(rs, "failing_since"), rs.getString("disabled_reason"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
