package com.crmtelephony.support.jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The optional time range [from, to) of a list or report, as SQL conditions with parameters. */
public final class TimeRanges {

    private TimeRanges() {
    }

    /** Appends {@code and column >= ?} (from) and {@code and column < ?} (to) where given; their values to {@code args}. */
    public static void append(StringBuilder sql, List<Object> args, String column, Instant from, Instant to) {
        if (from != null) {
            sql.append(" and ").append(column).append(" >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and ").append(column).append(" < ?");
            args.add(Timestamp.from(to));
        }
    }
}
