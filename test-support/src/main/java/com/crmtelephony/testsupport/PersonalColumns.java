package com.crmtelephony.testsupport;

import java.util.List;

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
}
