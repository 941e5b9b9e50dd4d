package com.crmtelephony.support.jdbc;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

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
}
