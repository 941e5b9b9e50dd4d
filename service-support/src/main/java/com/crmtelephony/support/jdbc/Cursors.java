package com.crmtelephony.support.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Rows read with a database cursor, one at a time: memory stays constant however many there are. */
public final class Cursors {

    private Cursors() {
    }

    /**
     * Hands each row of {@code sql} to {@code each} as it is fetched, {@code fetchSize} rows per
     * round trip. PostgreSQL keeps a cursor only inside a transaction, which the caller holds;
     * without one the driver reads the whole result first.
     */
    public static <T> void forEach(JdbcTemplate jdbc, String sql, List<Object> args, int fetchSize, RowMapper<T> mapper,
                                   Consumer<? super T> each) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(fetchSize);
            new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
            return statement;
        }, (RowCallbackHandler) rs -> each.accept(mapper.mapRow(rs, rs.getRow())));
    }

    /**
     * Hands the rows of {@code sql} to {@code each} in batches of {@code batchSize}, for work that
     * waits on something else between batches (a call to another service), so no transaction may
     * be open meanwhile: a PostgreSQL cursor {@code WITH HOLD} keeps the result once its own
     * statement has committed. The connection stays checked out until the last batch; no
     * snapshot or lock is held. Stops early when {@code each} answers false.
     *
     * @throws IllegalStateException inside a transaction, which this is meant not to hold open
     */
    public static <T> void forEachBatchOutsideTransaction(JdbcTemplate jdbc, String sql, List<Object> args, int batchSize,
                                                          RowMapper<T> mapper, Predicate<List<T>> each) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A batch read that waits between batches must not hold a transaction open");
        }
        String cursor = "batches_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement declare = connection.prepareStatement(
                    "declare " + cursor + " no scroll cursor with hold for " + sql)) {
                new ArgumentPreparedStatementSetter(args.toArray()).setValues(declare);
                declare.execute();
            }
            try (Statement fetch = connection.createStatement()) {
                boolean more = true;
                while (more) {
                    List<T> rows = new ArrayList<>(batchSize);
                    try (ResultSet rs = fetch.executeQuery("fetch forward " + batchSize + " from " + cursor)) {
                        while (rs.next()) {
                            rows.add(mapper.mapRow(rs, rows.size()));
                        }
                    }
                    more = !rows.isEmpty() && each.test(rows) && rows.size() == batchSize;
                }
            } finally {
                try (Statement close = connection.createStatement()) {
                    close.execute("close " + cursor);
                }
            }
            return null;
        });
    }
}
