package com.crmtelephony.cdr.call;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import com.crmtelephony.support.jdbc.Cursors;

/** Calls in PostgreSQL. */
@Repository
class CallRepository {

    /** What a call stores, in the order of the upsert's arrays (every value travels as text). */
    private static final List<Function<Call, Object>> VALUES = List.of(
            Call::uuid,
            Call::domainName,
            Call::callerName,
            c -> c.callerNumber() == null ? null : c.callerNumber().digits(),
            c -> c.callerNumber() == null ? null : c.callerNumber().numeric(),
            c -> c.destinationNumber() == null ? null : c.destinationNumber().digits(),
            c -> c.destinationNumber() == null ? null : c.destinationNumber().numeric(),
            c -> c.direction() == null ? null : c.direction().wire(),
            Call::callStart,
            Call::ringStart,
            Call::answerStart,
            Call::callEnd,
            Call::duration,
            Call::recording,
            Call::clickToCall,
            Call::clickToCallData,
            c -> c.action() == null ? null : c.action().name());

    /**
     * A batch in one statement: one array per column, unnested server-side, merged on
     * {@code (tenant_id, uuid)} by {@code call_merge} (an older event only fills gaps; a null never
     * wipes a known value). A row the merge leaves as it was is not updated (trigger
     * {@code call_record_skip_unchanged}), so it is not returned: what is returned was inserted
     * ({@code xmax = 0}) or updated. Both are in migration V4. A call that started before the
     * tenant's retention period (V15) is neither: retention removed it or would at its next run.
     */
    private static final String UPSERT = """
            insert into call_record (tenant_id, uuid, domain_name, caller_name,
                caller_number, caller_number_numeric, destination_number, destination_number_numeric, direction,
                call_start, ring_start, answer_start, call_end, duration,
                recording, click_to_call, click_to_call_data, action)
            select ?, uuid, domain_name, caller_name,
                caller_number, caller_number_numeric::boolean, destination_number, destination_number_numeric::boolean, direction,
                call_start::timestamptz, ring_start::timestamptz, answer_start::timestamptz, call_end::timestamptz, duration::integer,
                recording, click_to_call::boolean, click_to_call_data, action
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                as t(uuid, domain_name, caller_name,
                     caller_number, caller_number_numeric, destination_number, destination_number_numeric, direction,
                     call_start, ring_start, answer_start, call_end, duration,
                     recording, click_to_call, click_to_call_data, action)
            where t.call_start is null or t.call_start::timestamptz >= coalesce(
                (select now() - make_interval(days => r.call_retention_days) from tenant r where r.id = ?), '-infinity')
            on conflict (tenant_id, uuid) do update set
                domain_name                = call_merge(call_record.action, excluded.action, call_record.domain_name, excluded.domain_name),
                caller_name                = call_merge(call_record.action, excluded.action, call_record.caller_name, excluded.caller_name),
                caller_number              = call_merge(call_record.action, excluded.action, call_record.caller_number, excluded.caller_number),
                caller_number_numeric      = call_merge(call_record.action, excluded.action, call_record.caller_number_numeric, excluded.caller_number_numeric),
                destination_number         = call_merge(call_record.action, excluded.action, call_record.destination_number, excluded.destination_number),
                destination_number_numeric = call_merge(call_record.action, excluded.action, call_record.destination_number_numeric, excluded.destination_number_numeric),
                direction                  = call_merge(call_record.action, excluded.action, call_record.direction, excluded.direction),
                call_start                 = call_merge(call_record.action, excluded.action, call_record.call_start, excluded.call_start),
                ring_start                 = call_merge(call_record.action, excluded.action, call_record.ring_start, excluded.ring_start),
                answer_start               = call_merge(call_record.action, excluded.action, call_record.answer_start, excluded.answer_start),
                call_end                   = call_merge(call_record.action, excluded.action, call_record.call_end, excluded.call_end),
                duration                   = call_merge(call_record.action, excluded.action, call_record.duration, excluded.duration),
                recording                  = call_merge(call_record.action, excluded.action, call_record.recording, excluded.recording),
                click_to_call              = call_merge(call_record.action, excluded.action, call_record.click_to_call, excluded.click_to_call),
                click_to_call_data         = call_merge(call_record.action, excluded.action, call_record.click_to_call_data, excluded.click_to_call_data),
                action                     = call_merge(call_record.action, excluded.action, call_record.action, excluded.action)
            returning (xmax = 0) as inserted
            """;

    private static final String SELECT = """
            select id, uuid, domain_name, caller_name, caller_number, caller_number_numeric,
                destination_number, destination_number_numeric, direction, call_start, ring_start, answer_start,
                call_end, duration, recording, click_to_call, click_to_call_data, action
            from call_record""";

    private static final RowMapper<Call> ROW = (rs, i) -> new Call(
            rs.getString("uuid"), rs.getString("domain_name"), rs.getString("caller_name"),
            number(rs, "caller_number"), number(rs, "destination_number"),
            rs.getString("direction") == null ? null : Direction.valueOf(rs.getString("direction").toUpperCase()),
            instant(rs, "call_start"), instant(rs, "ring_start"), instant(rs, "answer_start"), instant(rs, "call_end"),
            (Integer) rs.getObject("duration"), rs.getString("recording"),
            (Boolean) rs.getObject("click_to_call"), rs.getString("click_to_call_data"),
            rs.getString("action") == null ? null : CallAction.valueOf(rs.getString("action")));

    /** A call with its place in the list's order, for the next page's cursor. */
    private record Positioned(Call call, CallCursor position) {
    }

    private static final RowMapper<Positioned> POSITIONED = (rs, i) ->
            new Positioned(ROW.mapRow(rs, i), new CallCursor(instant(rs, "call_start"), rs.getLong("id")));

    /** Rows per round trip while streaming: small enough for a small heap, large enough to keep up. */
    private static final int STREAM_FETCH_SIZE = 500;

    private final JdbcTemplate jdbc;

    CallRepository(JdbcTemplate jdbc) {
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
        for (int c = 0; c < VALUES.size(); c++) {
            Function<Call, Object> value = VALUES.get(c);
            String[] column = new String[calls.size()];
            for (int i = 0; i < column.length; i++) {
                Object v = value.apply(calls.get(i));
                column[i] = v == null ? null : v.toString();
            }
            Array array = connection.createArrayOf("text", column);
            ps.setArray(c + 2, array);
        }
        ps.setObject(VALUES.size() + 2, tenant);
        return ps;
    }

    /** The distinct numbers of the tenant's calls, either party, that end with these digits. */
    List<String> numbersEndingWith(UUID tenant, String digits) {
        return jdbc.queryForList("""
                select caller_number from call_record where tenant_id = ? and caller_number like '%' || ?
                union
                select destination_number from call_record where tenant_id = ? and destination_number like '%' || ?""",
                String.class, tenant, digits, tenant, digits);
    }

    /**
     * An erased person's number, in each of its forms, becomes their pseudonym in the tenant's
     * calls (either party); the caller's name and the click-to-call data of those calls go.
     *
     * @return how many parties changed
     */
    long pseudonymise(UUID tenant, Collection<String> forms, String pseudonym) {
        long changed = 0;
        for (String sql : List.of("""
                update call_record set caller_number = ?, caller_number_numeric = false, caller_name = null,
                       click_to_call_data = null
                 where tenant_id = ? and caller_number = any(?)""", """
                update call_record set destination_number = ?, destination_number_numeric = false, click_to_call_data = null
                 where tenant_id = ? and destination_number = any(?)""")) {
            changed += jdbc.update(connection -> {
                PreparedStatement ps = connection.prepareStatement(sql);
                ps.setString(1, pseudonym);
                ps.setObject(2, tenant);
                ps.setArray(3, connection.createArrayOf("text", forms.toArray()));
                return ps;
            });
        }
        return changed;
    }

    /**
     * Names the tenant's calls that have none, by their caller number, in one statement; a name
     * once stored is kept (a call record tells who called as it was known then).
     *
     * @return how many calls got a name
     */
    public int fillCallerNames(UUID tenant, Map<String, String> namesByNumber) {
        if (namesByNumber.isEmpty()) {
            return 0;
        }
        String[] numbers = namesByNumber.keySet().toArray(String[]::new);
        String[] names = Arrays.stream(numbers).map(namesByNumber::get).toArray(String[]::new);
        return jdbc.update(connection -> {
            PreparedStatement update = connection.prepareStatement("""
                    update call_record c set caller_name = v.name
                    from unnest(?::text[], ?::text[]) as v(number, name)
                    where c.tenant_id = ? and c.caller_number = v.number and c.caller_name is null""");
            update.setArray(1, connection.createArrayOf("text", numbers));
            update.setArray(2, connection.createArrayOf("text", names));
            update.setObject(3, tenant);
            return update;
        });
    }

    /** The caller numbers of the tenant's calls that have no name, most calls first. */
    public List<String> unnamedCallerNumbers(UUID tenant, int limit) {
        return jdbc.queryForList("""
                select caller_number from call_record
                where tenant_id = ? and caller_name is null and caller_number is not null
                group by caller_number order by count(*) desc, caller_number limit ?""", String.class, tenant, limit);
    }

    /** One page of the tenant's calls that the filter takes, newest first, by offset (the compat page and size). */
    public CallPage find(UUID tenant, CallFilter filter, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String sql = newestFirst(tenant, filter, null, args) + " limit ? offset ?";
        args.add(limit + 1);
        args.add(offset);
        return page(jdbc.query(sql, POSITIONED, args.toArray()), limit);
    }

    /** The page after {@code cursor}: a keyset page, as cheap deep in the list as at its start. */
    public CallPage findAfter(UUID tenant, CallFilter filter, CallCursor cursor, int limit) {
        List<Object> args = new ArrayList<>();
        String sql = newestFirst(tenant, filter, cursor, args) + " limit ?";
        args.add(limit + 1);
        return page(jdbc.query(sql, POSITIONED, args.toArray()), limit);
    }

    /** {@code rows} holds one more than a page when another page follows: its cursor is the page's last row. */
    private static CallPage page(List<Positioned> rows, int limit) {
        List<Positioned> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        CallCursor next = rows.size() > limit ? shown.get(shown.size() - 1).position() : null;
        return new CallPage(shown.stream().map(Positioned::call).toList(), next);
    }

    /**
     * Every call of the tenant that the filter takes, newest first, handed one at a time to
     * {@code each} while the rows are read with a cursor: memory stays constant however many
     * calls there are. PostgreSQL keeps a cursor only inside a transaction, which the caller holds.
     */
    public void forEach(UUID tenant, CallFilter filter, Consumer<Call> each) {
        List<Object> args = new ArrayList<>();
        Cursors.forEach(jdbc, newestFirst(tenant, filter, null, args), args, STREAM_FETCH_SIZE, ROW, each);
    }

    /**
     * The tenant's calls that the filter takes, after {@code cursor} if given, newest first; its
     * parameters are added to {@code args}. The order is total (id breaks ties), so a keyset page
     * neither repeats nor skips a call.
     */
    private static String newestFirst(UUID tenant, CallFilter filter, CallCursor cursor, List<Object> args) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where tenant_id = ?");
        args.add(tenant);
        filter.appendTo(sql, args);
        if (cursor != null && cursor.callStart() == null) {
            sql.append(" and call_start is null and id < ?");
            args.add(cursor.id());
        } else if (cursor != null) {
            sql.append(" and (call_start < ? or (call_start = ? and id < ?) or call_start is null)");
            Timestamp start = Timestamp.from(cursor.callStart());
            args.add(start);
            args.add(start);
            args.add(cursor.id());
        }
        return sql.append(" order by call_start desc nulls last, id desc").toString();
    }

    public long count(UUID tenant, CallFilter filter) {
        StringBuilder sql = new StringBuilder("select count(*) from call_record where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        filter.appendTo(sql, args);
        Long n = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    public Call get(UUID tenant, String uuid) {
        return jdbc.query(SELECT + " where tenant_id = ? and uuid = ?", ROW, tenant, uuid).stream().findFirst().orElse(null);
    }

    public int deleteByRecording(UUID tenant, String recording) {
        return jdbc.update("delete from call_record where tenant_id = ? and recording = ?", tenant, recording);
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
