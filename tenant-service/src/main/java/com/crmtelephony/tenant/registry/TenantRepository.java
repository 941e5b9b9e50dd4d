package com.crmtelephony.tenant.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenant table's one owner. */
@Repository
class TenantRepository {

    private static final RowMapper<Tenant> TENANT = (rs, n) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("name"),
            rs.getString("region"), rs.getString("time_zone"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("suspended_at") == null ? null : rs.getTimestamp("suspended_at").toInstant());

    private static final String COLUMNS = "id, name, region, time_zone, created_at, suspended_at";

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when a tenant has the name, ignoring case */
    Tenant create(UUID id, String name, String region, String timeZone) {
        return jdbc.sql("""
                        insert into tenant (id, name, region, time_zone) values (:id, :name, :region, :zone)
                        returning %s""".formatted(COLUMNS))
                .param("id", id).param("name", name).param("region", region).param("zone", timeZone)
                .query(TENANT).single();
    }

    Optional<Tenant> find(UUID id) {
        return jdbc.sql("select %s from tenant where id = :id".formatted(COLUMNS)).param("id", id).query(TENANT).optional();
    }

    Optional<Tenant> lock(UUID id) {
        return jdbc.sql("select %s from tenant where id = :id for update".formatted(COLUMNS)).param("id", id).query(TENANT).optional();
    }

    List<Tenant> list(int limit, int offset) {
        return jdbc.sql("select %s from tenant order by lower(name), id limit :limit offset :offset".formatted(COLUMNS))
                .param("limit", limit).param("offset", offset).query(TENANT).list();
    }

    long count() {
        return jdbc.sql("select count(*) from tenant").query(Long.class).single();
    }

    /**
     * The fields sent, the others as they are; {@code suspendedAt} set when suspended turns true,
     * kept while it stays so, cleared when it turns false.
     *
     * @throws org.springframework.dao.DuplicateKeyException when another tenant has the new name
     */
    Optional<Tenant> update(UUID id, String name, String region, String timeZone, Boolean suspended, Instant now) {
        return jdbc.sql("""
                        update tenant set
                            name = coalesce(:name, name),
                            region = coalesce(:region, region),
                            time_zone = coalesce(:zone, time_zone),
                            suspended_at = case when :suspended::boolean is null then suspended_at
                                                when :suspended::boolean then coalesce(suspended_at, :now)
                                                else null end
                        where id = :id
                        returning %s""".formatted(COLUMNS))
                .param("id", id).param("name", name).param("region", region).param("zone", timeZone)
                .param("suspended", suspended).param("now", java.sql.Timestamp.from(now))
                .query(TENANT).optional();
    }
}
