package com.crmtelephony.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of a service's database whose text columns are named like what holds a person: a
 * number, an address, a party of a call, a body a PBX sent. Each service's erasure test lists the
 * tables its erasure takes care of against these, so that a table added without an erasure step
 * fails there.
 */
public final class PersonalColumns {

    private PersonalColumns() {
    }

    /**
     * @param names a regular expression over column names
     * @param except column names that hold only HMACs of such values
     */
    public static List<String> tables(JdbcTemplate jdbc, String names, List<String> except) {
        return jdbc.queryForList("""
                select distinct table_name from information_schema.columns
                where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'jsonb', 'ARRAY')
                  and column_name ~ ? and column_name <> all(?)
                order by 1""", String.class, names, except.toArray(String[]::new));
    }

    /**
     * What is wrong with a service's erasure steps' tables: each table that holds a person (as
     * {@link #tables}) and is in no step's tables, and each step's table that does not exist (a
     * renamed table would leave its step erasing nothing). Empty when there is none.
     */
    public static List<String> uncovered(JdbcTemplate jdbc, String names, List<String> except, Set<String> stepTables) {
        List<String> holders = tables(jdbc, names, except);
        if (holders.isEmpty()) {
            return List.of("no table holds a person: the pattern " + names + " finds nothing");
        }
        List<String> wrong = new ArrayList<>();
        holders.stream().filter(t -> !stepTables.contains(t)).forEach(t -> wrong.add(t + ": holds a person, in no erasure step"));
        List<String> existing = jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = 'public'", String.class);
        stepTables.stream().filter(t -> !existing.contains(t)).forEach(t -> wrong.add(t + ": a step's table that does not exist"));
        return wrong;
    }
}
