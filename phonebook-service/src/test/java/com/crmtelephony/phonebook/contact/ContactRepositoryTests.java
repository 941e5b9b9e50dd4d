package com.crmtelephony.phonebook.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact store's SQL against PostgreSQL with the service's migrations, and nothing else of
 * the service (a JDBC slice). On embedded PostgreSQL here; in a container in
 * {@link ContactRepositoryContainerIT}.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(ContactRepository.class)
class ContactRepositoryTests {

    @Autowired
    ContactRepository contacts;

    private final UUID tenant = UUID.randomUUID();

    @Test
    void anUpsertInsertsNewNumbersAndUpdatesKnownOnes() {
        assertThat(contacts.upsert(tenant, List.of(new Contact("+35799000001", "99000001", "Alice", null),
                new Contact("+35799000002", "99000002", "Bob", "bob@example.com"))))
                .isEqualTo(new ContactRepository.UpsertCounts(2, 0));
        assertThat(contacts.upsert(tenant, List.of(new Contact("+35799000001", "+357 99 000001", "Alice A.", null))))
                .isEqualTo(new ContactRepository.UpsertCounts(0, 1));
        assertThat(contacts.findByNumbers(tenant, List.of("+35799000001")))
                .containsExactly(new Contact("+35799000001", "+357 99 000001", "Alice A.", null));
        assertThat(contacts.count(tenant, null)).isEqualTo(2);
    }

    @Test
    void aSearchMatchesNameOrNumberAndPagesByName() {
        contacts.upsert(tenant, List.of(new Contact("+35799000003", "3", "Carol", null),
                new Contact("+35799000001", "1", "Alice", null), new Contact("+35799000002", "2", "Bob", null)));
        assertThat(contacts.find(tenant, null, 2, 0)).extracting(Contact::name).containsExactly("Alice", "Bob");
        assertThat(contacts.find(tenant, null, 2, 2)).extracting(Contact::name).containsExactly("Carol");
        assertThat(contacts.find(tenant, "ALI", 10, 0)).extracting(Contact::name).containsExactly("Alice");
        assertThat(contacts.count(tenant, "9900000")).isEqualTo(3);
        List<String> streamed = new ArrayList<>();
        contacts.forEach(tenant, "o", c -> streamed.add(c.name()));
        assertThat(streamed).containsExactly("Bob", "Carol");
    }

    @Test
    void aTenantsContactsAreItsOwn() {
        UUID other = UUID.randomUUID();
        contacts.upsert(tenant, List.of(new Contact("+35799000001", "1", "Alice", null)));
        contacts.upsert(other, List.of(new Contact("+35799000001", "1", "Mallory", null)));
        assertThat(contacts.delete(other, List.of("+35799000001", "+35799000009"))).containsExactly("+35799000001");
        assertThat(contacts.findByNumbers(tenant, List.of("+35799000001"))).extracting(Contact::name).containsExactly("Alice");
        assertThat(contacts.findByNumbers(other, List.of("+35799000001"))).isEmpty();
    }
}
