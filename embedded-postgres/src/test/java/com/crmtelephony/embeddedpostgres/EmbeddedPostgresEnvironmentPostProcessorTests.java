package com.crmtelephony.embeddedpostgres;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresEnvironmentPostProcessorTests {

    private final EmbeddedPostgresEnvironmentPostProcessor processor = new EmbeddedPostgresEnvironmentPostProcessor();

    @Test
    void startsARealPostgresAndCreatesTheServiceDatabaseWhenNoUrlIsConfigured() throws Exception {
        StandardEnvironment env = environment(Map.of("spring.application.name", "some-service"));
        processor.postProcessEnvironment(env, new SpringApplication());

        String url = env.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:postgresql://localhost:").endsWith("/some_service");
        try (var c = DriverManager.getConnection(url, env.getProperty("spring.datasource.username"), "");
             ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("some_service");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
    }

    @Test
    void sharesOneServerPerJvmAndAddsDatabasesToIt() {
        StandardEnvironment first = environment(Map.of("spring.application.name", "first-app"));
        StandardEnvironment second = environment(Map.of("crm.embedded-postgres.database", "second_db"));
        processor.postProcessEnvironment(first, new SpringApplication());
        processor.postProcessEnvironment(second, new SpringApplication());
        String a = first.getProperty("spring.datasource.url");
        String b = second.getProperty("spring.datasource.url");
        assertThat(b).endsWith("/second_db");
        assertThat(a.substring(0, a.lastIndexOf('/'))).isEqualTo(b.substring(0, b.lastIndexOf('/')));
    }

    @Test
    void leavesAConfiguredDatasourceAlone() {
        StandardEnvironment env = environment(Map.of("spring.datasource.url", "jdbc:postgresql://db.example:5432/x"));
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/x");
        assertThat(env.getPropertySources().contains(EmbeddedPostgresEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
    }

    @Test
    void canBeSwitchedOff() {
        StandardEnvironment env = environment(Map.of("crm.embedded-postgres.enabled", "false"));
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}
