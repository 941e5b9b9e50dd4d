package com.crmtelephony.phonebook.contact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import com.crmtelephony.support.jdbc.Cursors;

/** Contacts in PostgreSQL; every statement is scoped to one tenant. */
@Repository
public class ContactRepository {

    /** Outcome counts of one upsert; replays of stored contacts are neither. */
    public record UpsertCounts(int inserted, int updated) {
    }

    // One statement per batch: the rows travel as one array per column.
    private static final String UPSERT = """
            insert into contact (tenant_id, number, raw_number, name, email)
            select ?, t.number, t.raw_number, t.name, t.email
            from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as t(number, raw_number, name, email)
            on conflict (tenant_id, number) do update
                set raw_number = excluded.raw_number, name = excluded.name, email = excluded.email, updated_at = now()
                where (contact.raw_number, contact.name, contact.email)
                      is distinct from (excluded.raw_number, excluded.name, excluded.email)
            returning (xmax = 0) as inserted""";

    private static final String COLUMNS = "number, raw_number, name, email";
    private static final RowMapper<Contact> ROW = (rs, i) ->
            new Contact(rs.getString("number"), rs.getString("raw_number"), rs.getString("name"), rs.getString("email"));

    private final JdbcTemplate jdbc;

    ContactRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Upserts contacts with distinct numbers. */
    public UpsertCounts upsert(UUID tenant, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return new UpsertCounts(0, 0);
        }
        int[] counts = new int[2];
        jdbc.query(connection -> prepareUpsert(connection, tenant, contacts),
                (ResultSet rs) -> {
                    counts[rs.getBoolean(1) ? 0 : 1]++;
                });
        return new UpsertCounts(counts[0], counts[1]);
    }

    private static PreparedStatement prepareUpsert(Connection connection, UUID tenant, List<Contact> contacts)
            throws SQLException {
        PreparedStatement ps = connection.prepareStatement(UPSERT);
        ps.setObject(1, tenant);
        ps.setArray(2, connection.createArrayOf("text", contacts.stream().map(Contact::number).toArray()));
        ps.setArray(3, connection.createArrayOf("text", contacts.stream().map(Contact::rawNumber).toArray()));
        ps.setArray(4, connection.createArrayOf("text", contacts.stream().map(Contact::name).toArray()));
        ps.setArray(5, connection.createArrayOf("text", contacts.stream().map(Contact::email).toArray()));
        return ps;
    }

    /**
     * One page of the tenant's contacts by name, optionally those whose name or number contains
     * {@code search}.
     */
    public List<Contact> find(UUID tenant, String search, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String sql = byName(tenant, search, args) + " limit ? offset ?";
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql, ROW, args.toArray());
    }

    /** Like {@link #find} without a limit, one contact at a time from a cursor (inside the caller's transaction). */
    public void forEach(UUID tenant, String search, Consumer<Contact> each) {
        List<Object> args = new ArrayList<>();
        Cursors.forEach(jdbc, byName(tenant, search, args), args, 500, ROW, each);
    }

    /** The tenant's contacts (those matching {@code search}) by name; its parameters are added to {@code args}. */
    private static String byName(UUID tenant, String search, List<Object> args) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from contact where tenant_id = ?");
        args.add(tenant);
        appendSearch(sql, args, search);
        return sql.append(" order by name, number").toString();
    }

    public long count(UUID tenant, String search) {
        StringBuilder sql = new StringBuilder("select count(*) from contact where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        appendSearch(sql, args, search);
        return jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    }

    /**
     * The numbers changed from {@code after} (a position of the feed) up to the oldest
     * transaction still running, and that transaction's id as the next position: every change
     * below it has committed (or never will), whatever order the writers committed in.
     */
    public ContactChanges changes(UUID tenant, Long after, int limit) {
        long position = jdbc.queryForObject("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);
        if (after == null) {
            return new ContactChanges(position, List.of(), false);
        }
        List<String> numbers = jdbc.queryForList("select distinct number from contact_change where tenant_id = ?"
                + " and txid >= ?::text::xid8 and txid < ?::text::xid8 limit ?", String.class,
                tenant, Long.toString(after), Long.toString(position), limit + 1);
        return numbers.size() > limit ? new ContactChanges(position, List.of(), false) : new ContactChanges(position, numbers, true);
    }

    /** The erasure's part: the tenant's contact with this number (its key) goes; @return the numbers deleted */
    List<String> deleteByNumber(UUID tenant, String key) {
        return jdbc.queryForList("delete from contact where tenant_id = ? and number = ? returning number", String.class, tenant, key);
    }

    /** The erasure's part: the tenant's contacts with this address go; @return their numbers */
    List<String> deleteByEmail(UUID tenant, String email) {
        return jdbc.queryForList("delete from contact where tenant_id = ? and lower(email) = lower(?) returning number",
                String.class, tenant, email);
    }

    /** The erasure's part: the change feed's rows of these numbers, which would otherwise keep them, go. */
    int forgetChanges(UUID tenant, Collection<String> numbers) {
        return jdbc.update("delete from contact_change where tenant_id = ? and number = any(?)", tenant,
                numbers.toArray(String[]::new));
    }

    public List<Contact> findByNumbers(UUID tenant, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "select " + COLUMNS + " from contact where tenant_id = ? and number = any(?)");
            ps.setObject(1, tenant);
            ps.setArray(2, connection.createArrayOf("text", numbers.toArray()));
            return ps;
        }, ROW);
    }

    /** @return the numbers that were deleted */
    public List<String> delete(UUID tenant, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "delete from contact where tenant_id = ? and number = any(?) returning number");
            ps.setObject(1, tenant);
            ps.setArray(2, connection.createArrayOf("text", numbers.toArray()));
            return ps;
        }, (rs, i) -> rs.getString(1));
    }

    /** Case-insensitive substring of the name, or digits within the number; LIKE wildcards are literal. */
    private static void appendSearch(StringBuilder sql, List<Object> args, String search) {
        if (search == null || search.isBlank()) {
            return;
        }
        String pattern = "%" + search.strip().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // Only a query written like a number searches numbers: "Agent 7" must not match +3579...7...
        String digits = search.matches("[0-9+()./ -]+") ? search.replaceAll("[^0-9]", "") : "";
        sql.append(" and (lower(name) like ?");
        args.add(pattern);
        if (!digits.isEmpty()) {
            sql.append(" or number like ?");
            args.add("%" + digits + "%");
        }
        sql.append(")");
    }
}
