package com.crmtelephony.cdr.call;

import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.testsupport.PostgresContainer;

/** {@link CallRepositoryTests} on PostgreSQL in a container: opt-in, {@code ./mvnw verify -Ptestcontainers}. */
@ImportTestcontainers(PostgresContainer.class)
@TestPropertySource(properties = "crm.embedded-postgres.enabled=false")
class CallRepositoryContainerIT extends CallRepositoryTests {
}
