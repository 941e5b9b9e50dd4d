package com.crmtelephony.testsupport;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The datasource of a test that imports this ({@code @ImportTestcontainers(PostgresContainer.class)}):
 * PostgreSQL in a container ({@link ContainerPostgres}), one per test class. Such a test also sets
 * {@code crm.embedded-postgres.enabled=false}, so no embedded server starts beside it.
 */
public interface PostgresContainer {

    @Container
    @ServiceConnection
    PostgreSQLContainer postgres = ContainerPostgres.create();
}
