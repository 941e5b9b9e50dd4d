package com.crmtelephony.phonebook.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.crmtelephony.phonebook.PhonebookProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a contact must look like to be stored, checked without a web layer or a database. */
class ContactValidatorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID GREEK = UUID.randomUUID();
    private static final PhonebookProperties PROPERTIES = new PhonebookProperties("CY", Map.of(GREEK, "GR"), 1000, 3, 100);
    private final ContactValidator validator = new ContactValidator(PROPERTIES, PROPERTIES::regionOf);
    private final UUID tenant = UUID.randomUUID();

    private static ContactRequest request(String number, String name, String email) {
        return new ContactRequest(number == null ? null : JSON.readTree("\"" + number + "\""), email, name);
    }

    private List<ContactValidator.Problem> problems(String number, String name, String email) {
        List<ContactValidator.Problem> found = new ArrayList<>();
        validator.check(tenant, number, name, email, found::add);
        return found;
    }

    @Test
    void aValidContactIsNormalisedToE164InItsTenantsRegionAndKeepsTheFormItCameIn() {
        Contact cy = validator.validate(tenant, request("99 123456", "  Alice ", " alice@example.com "));
        assertThat(cy).isEqualTo(new Contact("+35799123456", "99 123456", "Alice", "alice@example.com"));
        assertThat(validator.validate(GREEK, request("2101234567", "Nikos", null)).number()).isEqualTo("+302101234567");
    }

    @Test
    void everyProblemOfARowIsNamedByField() {
        assertThat(problems("not a number", " ", "no-at-sign")).extracting(ContactValidator.Problem::field)
                .containsExactlyInAnyOrder("name", "emailId", "callerNumber");
        assertThat(problems(null, "Bob", null)).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("is required"));
        assertThat(problems("99123456", "x".repeat(256), null)).extracting(ContactValidator.Problem::field)
                .containsExactly("name");
    }

    @Test
    void textPostgresCannotHoldIsRefusedBeforeAnythingElse() {
        assertThat(problems("99\u0000123456", "A\u0000", "a@b.c")).extracting(ContactValidator.Problem::field)
                .containsExactlyInAnyOrder("name", "callerNumber");
    }

    @Test
    void aListIsRefusedWholeNamingEachIndexAndRepeatedNumbers() {
        List<ContactRequest> list = new ArrayList<>(List.of(request("99123456", "Alice", null),
                request("+357 99 123456", "Alice again", null)));
        list.add(null);
        assertThatThrownBy(() -> validator.validate(tenant, list)).isInstanceOf(InvalidContactsException.class)
                .satisfies(e -> assertThat(((InvalidContactsException) e).violations())
                        .extracting(Violation::index, Violation::field)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "callerNumber"),
                                org.assertj.core.groups.Tuple.tuple(2, "record")));
    }

    @Test
    void aListLongerThanTheLimitIsRefusedAsABody() {
        List<ContactRequest> four = List.of(request("99000001", "A", null), request("99000002", "B", null),
                request("99000003", "C", null), request("99000004", "D", null));
        assertThatThrownBy(() -> validator.validate(tenant, four)).isInstanceOf(InvalidContactsException.class)
                .satisfies(e -> assertThat(((InvalidContactsException) e).violations()).singleElement()
                        .satisfies(v -> assertThat(v.field()).isEqualTo("body")));
    }

    @Test
    void numbersToLookUpMayBeStringsNumbersOrRecordsButNotOtherThings() {
        assertThat(validator.numbers(List.of(JSON.readTree("\"99123456\""), JSON.readTree("35799123456"),
                JSON.readTree("{\"callerNumber\":\"99000001\"}")))).containsExactly("99123456", "35799123456", "99000001");
        assertThatThrownBy(() -> validator.numbers(List.of(JSON.readTree("true"), JSON.readTree("-5"))))
                .isInstanceOf(InvalidContactsException.class)
                .satisfies(e -> assertThat(((InvalidContactsException) e).violations()).extracting(Violation::index)
                        .containsExactly(0, 1));
    }
}
