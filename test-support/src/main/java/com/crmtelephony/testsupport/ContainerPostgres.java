package com.crmtelephony.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in a container, for the opt-in Testcontainers tests ({@code -Ptestcontainers}).
 *
 * <p>The image is {@code postgres:17} unless {@code crm.postgres-image} names another: on machines
 * without a registry, the stand-in that scripts/docker-offline.sh builds from Debian's PostgreSQL,
 * declared a compatible substitute for {@code postgres} (it honours the same variables). The
 * container is on the host network, like every container of this project (no bridge addresses
 * here), so it listens on a free port of its own ({@code PGPORT}, which the server reads) and is
 * reached on loopback.
 */
public final class ContainerPostgres {

    private ContainerPostgres() {
    }

    public static PostgreSQLContainer create() {
        DockerImageName image = DockerImageName.parse(System.getProperty("crm.postgres-image", "postgres:17"))
                .asCompatibleSubstituteFor("postgres");
        int port = freePort();
        PostgreSQLContainer container = new PostgreSQLContainer(image) {
            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://127.0.0.1:" + port + "/" + getDatabaseName();
            }

            @Override
            public Set<Integer> getLivenessCheckPortNumbers() {
                return Set.of(port);
            }
        };
        // No port is published on the host network: nothing to expose, nothing to wait for a mapping of.
        container.setExposedPorts(List.of());
        container.withNetworkMode("host").withEnv("PGPORT", Integer.toString(port))
                // The stand-in says this once; the official image twice (its init server takes no TCP).
                // Either way the container is up only once a JDBC connection is made.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1));
        return container;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
