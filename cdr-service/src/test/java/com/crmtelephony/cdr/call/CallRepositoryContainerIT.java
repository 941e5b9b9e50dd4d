package com.crmtelephony.cdr.call;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.embeddedpostgres.ContainerPostgres;

/** {@link CallRepositoryTests} on PostgreSQL in a container: opt-in, {@code ./mvnw verify -Ptestcontainers}. */
@Testcontainers
@TestPropertySource(properties = "crm.embedded-postgres.enabled=false")
class CallRepositoryContainerIT extends CallRepositoryTests {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer postgres = ContainerPostgres.create();
}
