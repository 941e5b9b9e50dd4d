package com.crmtelephony.cdr.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.crmtelephony.cdr.CdrServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 38: the report's functions are defined now where one reads them, R__report_aggregates.sql:
 * the database runs that file's definitions, and no versioned migration after the ones that made
 * them (V7, V9, V10) defines them again.
 */
class ReportSqlInOnePlaceTests extends CdrServiceTest {

    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    static final List<String> FUNCTIONS = List.of("call_fact", "call_aggregates_apply", "call_aggregates_fold");
    static final Pattern DEFINITION = Pattern.compile(
            "create (?:or replace )?function (\\w+)\\([^)]*\\)[^$]*?as \\$\\$\\n(.*?)\\n\\$\\$;", Pattern.DOTALL);

    @Test
    void theDatabaseRunsTheRepeatableMigrationsDefinitions() throws IOException {
        Matcher m = DEFINITION.matcher(Files.readString(MIGRATIONS.resolve("R__report_aggregates.sql")));
        int found = 0;
        while (m.find()) {
            String body = jdbc.queryForObject("select prosrc from pg_proc where proname = ?", String.class, m.group(1));
            assertThat(body.strip()).as(m.group(1)).isEqualTo(m.group(2).strip());
            found++;
        }
        assertThat(found).isEqualTo(FUNCTIONS.size());
    }

    @Test
    void noLaterVersionedMigrationRedefinesThem() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).toList()) {
                int version = Integer.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"));
                if (version <= 10) {
                    continue;
                }
                String sql = Files.readString(file);
                for (String function : FUNCTIONS) {
                    assertThat(sql).as("%s redefines %s: change R__report_aggregates.sql instead", file.getFileName(), function)
                            .doesNotContainPattern("(?i)function\\s+" + function + "\\s*\\(");
                }
            }
        }
    }
}
