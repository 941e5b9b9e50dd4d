package com.crmtelephony.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which classes of a service talk to its database: only its repositories may (issue 38), so that
 * each table's SQL is found in the module that owns it.
 */
public final class DatabaseAccess {

    private DatabaseAccess() {
    }

    /** The main sources under {@code root} that use Spring's JDBC but are no {@code @Repository}. */
    public static List<String> outsideRepositories(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                String code = read(f);
                return code.contains("import org.springframework.jdbc.") && !code.contains("@Repository");
            }).map(root::relativize).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
