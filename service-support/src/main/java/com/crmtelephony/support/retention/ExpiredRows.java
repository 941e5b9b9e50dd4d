package com.crmtelephony.support.retention;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Removes what has outlived its tenant's retention period, in batches: each statement deletes
 * at most {@code crm.retention.batch} rows and commits, so no lock is held for longer than one
 * batch takes and writers of the same tenant wait for one batch at most. One tenant's failure
 * is logged and never stops the others; what it left goes on the next run.
 */
public class ExpiredRows {

    private static final Logger log = LoggerFactory.getLogger(ExpiredRows.class);

    /**
     * What expires in one service and how.
     *
     * @param kind       what the rows are, for the log: calls, contacts
     * @param tenants    selects (tenant uuid, days) of every tenant with a period
     * @param removals   each deletes at most one batch; parameters (tenant, days, batch)
     * @param afterwards run once per tenant that lost rows, parameter (tenant): what depends on the rows
     */
    public record Rule(String kind, String tenants, List<String> removals, List<String> afterwards) {
    }

    /** @param rows how many rows the rule's removals deleted for that tenant */
    public record Removed(UUID tenant, int days, long rows) {
    }

    private final JdbcTemplate jdbc;
    private final int batch;

    public ExpiredRows(JdbcTemplate jdbc, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("crm.retention.batch must be positive");
        }
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public List<Removed> remove(Rule rule) {
        List<Removed> removed = new ArrayList<>();
        List<Removed> due = jdbc.query(rule.tenants(), (rs, i) -> new Removed(rs.getObject(1, UUID.class), rs.getInt(2), 0));
        for (Removed tenant : due) {
            try {
                long rows = 0;
                for (String removal : rule.removals()) {
                    int deleted;
                    do {
                        deleted = jdbc.update(removal, tenant.tenant(), tenant.days(), batch);
                        rows += deleted;
                    } while (deleted >= batch);
                }
                if (rows > 0) {
                    for (String statement : rule.afterwards()) {
                        jdbc.execute((ConnectionCallback<Boolean>) connection -> {
                            try (PreparedStatement ps = connection.prepareStatement(statement)) {
                                ps.setObject(1, tenant.tenant());
                                return ps.execute();
                            }
                        });
                    }
                    log.info("Retention: removed {} {} of tenant {} older than {} days", rows, rule.kind(), tenant.tenant(),
                            tenant.days());
                }
                removed.add(new Removed(tenant.tenant(), tenant.days(), rows));
            } catch (DataAccessException e) {
                log.error("Retention of {} for tenant {} failed; the next run goes on: {}", rule.kind(), tenant.tenant(),
                        e.getMessage(), e);
            }
        }
        return removed;
    }
}
