package com.crmtelephony.cdr.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.cdr.CdrServiceTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 37: the audit trail belongs to the role migrations run as, not to the service's own role
 * ({@code <database>_app}, as compose and the local run make it), which may insert and select,
 * and forget through the trail's retention function, and nothing else: no delete, no update, no
 * truncation, no trigger disabled, no ownership, and no way through the retention's setting.
 */
class AuditRoleTests extends CdrServiceTest {

    @Autowired
    Flyway flyway;

    String url;
    String app;

    @BeforeEach
    void theServicesOwnRole() throws SQLException {
        String database = jdbc.queryForObject("select current_database()", String.class);
        app = database + "_app";
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + app + "') then create role "
                + app + " login; end if; end $$");
        flyway.migrate(); // its afterMigrate callback hands the role its rows
        try (Connection c = jdbc.getDataSource().getConnection()) {
            url = c.getMetaData().getURL();
        }
    }

    private Connection asApp() throws SQLException {
        return DriverManager.getConnection(url, app, "");
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theServicesRoleMayInsertAndReadTheTrailButNotChangeIt() throws SQLException {
        String key = "role-" + UUID.randomUUID();
        try (Connection c = asApp()) {
            run(c, "insert into audit_entry (at, key_name, method, path, status) values (now() - interval '500 days', '"
                    + key + "', 'GET', '/x', 200)");
            run(c, "select count(*) from audit_entry");
            for (String sql : new String[] {
                    "delete from audit_entry where key_name = '" + key + "'",
                    "update audit_entry set status = 500 where key_name = '" + key + "'",
                    "truncate audit_entry",
                    "alter table audit_entry disable trigger all",
                    "alter table audit_entry owner to " + app,
                    "drop table audit_entry",
                    "create or replace function audit_entry_append_only() returns trigger language plpgsql as $$ begin return old; end $$",
                    "begin; select set_config('crm.audit_retention', 'on', true); delete from audit_entry where key_name = '" + key + "'; commit"}) {
                assertThatExceptionOfType(SQLException.class).as(sql).isThrownBy(() -> run(c, sql));
                run(c, "rollback");
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where key_name = ?", Long.class, key)).isOne();
        assertThat(jdbc.queryForObject("select pg_get_userbyid(relowner) from pg_class where relname = 'audit_entry'", String.class))
                .isNotEqualTo(app);
    }

    @Test
    void theServicesRoleForgetsOnlyThroughTheRetentionAndNotTheLast30Days() throws SQLException {
        String key = "role-" + UUID.randomUUID();
        jdbc.update("insert into audit_entry (at, key_name, method, path, status) values (now() - interval '500 days', ?, 'GET', '/old', 200),"
                + " (now() - interval '31 days', ?, 'GET', '/recent', 200)", key, key);
        try (Connection c = asApp()) {
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> run(c, "select audit_entry_forget(interval '1 day')"))
                    .withMessageContaining("at least 30 days");
            run(c, "select audit_entry_forget(interval '400 days')");
        }
        assertThat(jdbc.queryForList("select path from audit_entry where key_name = ?", String.class, key)).containsExactly("/recent");
    }

    @Test
    void theServicesRoleDoesItsWorkOnEveryOtherTable() throws SQLException {
        try (Connection c = asApp()) {
            run(c, "begin");
            run(c, "insert into tenant (id) values ('" + UUID.randomUUID() + "')");
            run(c, "select count(*) from call_record");
            run(c, "rollback");
            assertThatExceptionOfType(SQLException.class).as("no DDL").isThrownBy(() -> run(c, "create table mine (id int)"));
            assertThatExceptionOfType(SQLException.class).as("no migration history")
                    .isThrownBy(() -> run(c, "delete from flyway_schema_history"));
        }
    }
}
