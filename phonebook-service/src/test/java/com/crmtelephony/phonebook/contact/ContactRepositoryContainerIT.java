package com.crmtelephony.phonebook.contact;

import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.testsupport.PostgresContainer;

/** {@link ContactRepositoryTests} on PostgreSQL in a container: opt-in, {@code ./mvnw verify -Ptestcontainers}. */
@ImportTestcontainers(PostgresContainer.class)
@TestPropertySource(properties = "crm.embedded-postgres.enabled=false")
class ContactRepositoryContainerIT extends ContactRepositoryTests {
}
