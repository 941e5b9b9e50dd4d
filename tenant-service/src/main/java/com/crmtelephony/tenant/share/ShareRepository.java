package com.crmtelephony.tenant.share;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenant_share table's one owner. */
@Repository
class ShareRepository {

    private static final RowMapper<Share> SHARE = (rs, n) -> new Share(rs.getObject("streams", Integer.class),
            rs.getObject("jobs", Integer.class), rs.getObject("deliveries", Integer.class),
            rs.getObject("requests_per_second", Double.class), rs.getObject("burst", Integer.class));

    private final JdbcClient jdbc;

    ShareRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Share> find(UUID tenant) {
        return jdbc.sql("select streams, jobs, deliveries, requests_per_second, burst from tenant_share where tenant_id = :tenant")
                .param("tenant", tenant).query(SHARE).optional();
    }

    /** The whole set: what the request left out is the default again. */
    void put(UUID tenant, Share share) {
        jdbc.sql("""
                        insert into tenant_share (tenant_id, streams, jobs, deliveries, requests_per_second, burst)
                        values (:tenant, :streams, :jobs, :deliveries, :rate, :burst)
                        on conflict (tenant_id) do update set
                            streams = excluded.streams, jobs = excluded.jobs, deliveries = excluded.deliveries,
                            requests_per_second = excluded.requests_per_second, burst = excluded.burst,
                            updated_at = now()""")
                .param("tenant", tenant).param("streams", share.streams()).param("jobs", share.jobs())
                .param("deliveries", share.deliveries()).param("rate", share.requestsPerSecond()).param("burst", share.burst())
                .update();
    }
}
