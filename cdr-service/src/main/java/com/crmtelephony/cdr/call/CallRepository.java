package com.crmtelephony.cdr.call;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import com.crmtelephony.support.jdbc.Cursors;

/**
 * Calls in PostgreSQL. A batch is written by one statement: the rows travel as one array per
 * column, are unnested server-side and merged with {@code ON CONFLICT (tenant_id, uuid)}.
 */
@Repository
public class CallRepository {

    /** A stored column, its SQL type, and how a call provides its value (as text). */
    private record Column(String name, String type, Function<Call, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("uuid", "text", Call::uuid),
            new Column("domain_name", "text", Call::domainName),
            new Column("caller_name", "text", Call::callerName),
            new Column("caller_number", "text", c -> c.callerNumber() == null ? null : c.callerNumber().digits()),
            new Column("caller_number_numeric", "boolean", c -> c.callerNumber() == null ? null : c.callerNumber().numeric()),
            new Column("destination_number", "text", c -> c.destinationNumber() == null ? null : c.destinationNumber().digits()),
            new Column("destination_number_numeric", "boolean", c -> c.destinationNumber() == null ? null : c.destinationNumber().numeric()),
            new Column("direction", "text", c -> c.direction() == null ? null : c.direction().wire()),
            new Column("call_start", "timestamptz", Call::callStart),
            new Column("ring_start", "timestamptz", Call::ringStart),
            new Column("answer_start", "timestamptz", Call::answerStart),
            new Column("call_end", "timestamptz", Call::callEnd),
            new Column("duration", "integer", Call::duration),
            new Column("recording", "text", Call::recording),
            new Column("click_to_call", "boolean", Call::clickToCall),
            new Column("click_to_call_data", "text", Call::clickToCallData),
            new Column("action", "text", c -> c.action() == null ? null : c.action().name()));

    /** Merged columns: every column but the key. */
    private static final List<Column> MERGED = COLUMNS.subList(1, COLUMNS.size());

    private static final String UPSERT = buildUpsert();

    private static String buildUpsert() {
        String names = COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
        String casts = COLUMNS.stream().map(c -> "t." + c.name() + "::" + c.type()).collect(Collectors.joining(", "));
        String arrays = COLUMNS.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
        // An event older than what is stored (lower action rank) only fills gaps; anything else
        // overwrites, but a null never wipes a known value.
        String older = "(excluded.action is not null and call_record.action is not null"
                + " and call_action_rank(excluded.action) < call_action_rank(call_record.action))";
        Map<String, String> merged = new LinkedHashMap<>();
        for (Column c : MERGED) {
            String n = c.name();
            merged.put(n, "action".equals(n)
                    ? "case when " + older + " then call_record.action else coalesce(excluded.action, call_record.action) end"
                    : "case when " + older + " then coalesce(call_record." + n + ", excluded." + n + ")"
                            + " else coalesce(excluded." + n + ", call_record." + n + ") end");
        }
        String set = merged.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(",\n    "));
        String current = merged.keySet().stream().map(n -> "call_record." + n).collect(Collectors.joining(", "));
        String next = String.join(", ", merged.values());
        return "insert into call_record (tenant_id, " + names + ")\n"
                + "select ?, " + casts + "\n"
                + "from unnest(" + arrays + ") as t(" + names + ")\n"
                + "on conflict (tenant_id, uuid) do update set\n    " + set + ",\n    updated_at = now()\n"
                // A replay that changes nothing does not touch the row at all.
                + "where (" + current + ") is distinct from (" + next + ")\n"
                + "returning (xmax = 0) as inserted";
    }

    private static final String SELECT = "select " + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "))
            + " from call_record";

    private static final RowMapper<Call> ROW = (rs, i) -> new Call(
            rs.getString("uuid"), rs.getString("domain_name"), rs.getString("caller_name"),
            number(rs, "caller_number"), number(rs, "destination_number"),
            rs.getString("direction") == null ? null : Direction.valueOf(rs.getString("direction").toUpperCase()),
            instant(rs, "call_start"), instant(rs, "ring_start"), instant(rs, "answer_start"), instant(rs, "call_end"),
            (Integer) rs.getObject("duration"), rs.getString("recording"),
            (Boolean) rs.getObject("click_to_call"), rs.getString("click_to_call_data"),
            rs.getString("action") == null ? null : CallAction.valueOf(rs.getString("action")));

    /** Rows per round trip while streaming: small enough for a small heap, large enough to keep up. */
    private static final int STREAM_FETCH_SIZE = 500;

    private final JdbcTemplate jdbc;

    public CallRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Outcome counts of one upsert. Unchanged rows are neither inserted nor updated. */
    public record UpsertCounts(int inserted, int updated) {
    }

    /**
     * Upserts calls with distinct uuids (the caller splits repeats into rounds: one statement
     * may not touch a row twice).
     */
    public UpsertCounts upsertDistinct(UUID tenant, List<Call> calls) {
        if (calls.isEmpty()) {
            return new UpsertCounts(0, 0);
        }
        int[] counts = new int[2];
        jdbc.query(connection -> prepareUpsert(connection, tenant, calls), (ResultSet rs) -> {
            counts[rs.getBoolean(1) ? 0 : 1]++;
        });
        return new UpsertCounts(counts[0], counts[1]);
    }

    private static PreparedStatement prepareUpsert(Connection connection, UUID tenant, List<Call> calls) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(UPSERT);
        ps.setObject(1, tenant);
        for (int c = 0; c < COLUMNS.size(); c++) {
            Function<Call, Object> value = COLUMNS.get(c).value();
            String[] column = new String[calls.size()];
            for (int i = 0; i < column.length; i++) {
                Object v = value.apply(calls.get(i));
                column[i] = v == null ? null : v.toString();
            }
            Array array = connection.createArrayOf("text", column);
            ps.setArray(c + 2, array);
        }
        return ps;
    }

    /** One page of the tenant's calls in the range, newest first. */
    public List<Call> find(UUID tenant, Instant from, Instant to, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String sql = newestFirst(tenant, from, to, args) + " limit ? offset ?";
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql, ROW, args.toArray());
    }

    /**
     * Every call of the tenant in the range, newest first, handed one at a time to {@code each}
     * while the rows are read with a cursor: memory stays constant however many calls there are.
     * PostgreSQL keeps a cursor only inside a transaction, which the caller holds.
     */
    public void forEach(UUID tenant, Instant from, Instant to, Consumer<Call> each) {
        List<Object> args = new ArrayList<>();
        Cursors.forEach(jdbc, newestFirst(tenant, from, to, args), args, STREAM_FETCH_SIZE, ROW, each);
    }

    /** The tenant's calls in [from, to), newest first; its parameters are added to {@code args}. */
    private static String newestFirst(UUID tenant, Instant from, Instant to, List<Object> args) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where tenant_id = ?");
        args.add(tenant);
        appendRange(sql, args, from, to);
        return sql.append(" order by call_start desc nulls last, id desc").toString();
    }

    public long count(UUID tenant, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("select count(*) from call_record where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        appendRange(sql, args, from, to);
        Long n = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    public Call get(UUID tenant, String uuid) {
        return jdbc.query(SELECT + " where tenant_id = ? and uuid = ?", ROW, tenant, uuid).stream().findFirst().orElse(null);
    }

    public int deleteByRecording(UUID tenant, String recording) {
        return jdbc.update("delete from call_record where tenant_id = ? and recording = ?", tenant, recording);
    }

    /** Appends the optional call_start range [from, to) shared by listing, counting and reports. */
    public static void appendRange(StringBuilder sql, List<Object> args, Instant from, Instant to) {
        if (from != null) {
            sql.append(" and call_start >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and call_start < ?");
            args.add(Timestamp.from(to));
        }
    }

    private static PhoneNumber number(ResultSet rs, String column) throws SQLException {
        String digits = rs.getString(column);
        return digits == null ? null : new PhoneNumber(digits, rs.getBoolean(column + "_numeric"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
