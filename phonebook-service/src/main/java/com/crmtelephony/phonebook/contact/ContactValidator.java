package com.crmtelephony.phonebook.contact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.crmtelephony.phonebook.PhonebookProperties;
import com.crmtelephony.support.numbers.PhoneNumbers;
import com.crmtelephony.support.registry.TenantProfiles;

/** Checks contacts and normalises their numbers in the tenant's region. */
@Component
public class ContactValidator {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
    private static final int MAX_NAME = 255;
    private static final int MAX_EMAIL = 320;

    private final PhonebookProperties properties;
    private final Function<UUID, String> regions;

    /**
     * Numbers read in the tenant's region as the registry holds it (crm.registry.profiles.enabled);
     * a tenant it does not know, or with the registry not read (a web slice), in the configured one.
     */
    @Autowired
    ContactValidator(PhonebookProperties properties, ObjectProvider<TenantProfiles> registry) {
        this(properties, registry.getIfAvailable() == null ? properties::regionOf
                : tenant -> registry.getObject().region(tenant, properties.regionOf(tenant)));
    }

    ContactValidator(PhonebookProperties properties, Function<UUID, String> regions) {
        this.properties = properties;
        this.regions = regions;
    }

    /** One field's complaint; the caller adds where (index or line) it was found. */
    public record Problem(String field, String message) {
    }

    /** The contact, or empty after reporting each problem of the row. */
    public Optional<Contact> check(UUID tenant, String number, String name, String email, Consumer<Problem> problems) {
        // PostgreSQL's text cannot hold U+0000: named here, rather than failing in the store.
        boolean ok = noNul("name", name, problems) & noNul("emailId", email, problems) & noNul("callerNumber", number, problems);
        if (!ok) {
            return Optional.empty();
        }
        String trimmedName = name == null ? null : name.strip();
        if (trimmedName == null || trimmedName.isEmpty()) {
            problems.accept(new Problem("name", "is required"));
            ok = false;
        } else if (trimmedName.length() > MAX_NAME) {
            problems.accept(new Problem("name", "must be at most " + MAX_NAME + " characters"));
            ok = false;
        }
        String trimmedEmail = email == null || email.isBlank() ? null : email.strip();
        if (trimmedEmail != null && (trimmedEmail.length() > MAX_EMAIL || !EMAIL.matcher(trimmedEmail).matches())) {
            problems.accept(new Problem("emailId", "is not a valid e-mail address"));
            ok = false;
        }
        Optional<String> key = normalise(tenant, number);
        if (key.isEmpty()) {
            problems.accept(new Problem("callerNumber", number == null || number.isBlank() ? "is required"
                    : PhoneNumbers.WHAT_IS_A_NUMBER));
            ok = false;
        }
        return ok ? Optional.of(new Contact(key.get(), number.strip(), trimmedName, trimmedEmail)) : Optional.empty();
    }

    private static boolean noNul(String field, String value, Consumer<Problem> problems) {
        if (value != null && value.indexOf('\0') >= 0) {
            problems.accept(new Problem(field, "must not contain NUL characters"));
            return false;
        }
        return true;
    }

    /**
     * @throws com.crmtelephony.support.remote.DependencyUnavailableException while the registry has
     *         not said the tenant's region yet and cannot now (503: a number keyed in a guessed
     *         region could be stored under another key than the same number written otherwise)
     */
    public Optional<String> normalise(UUID tenant, String number) {
        return PhoneNumbers.key(number, regions.apply(tenant));
    }

    /** All valid, with distinct numbers, or {@link InvalidContactsException} naming each index. */
    public List<Contact> validate(UUID tenant, List<ContactRequest> requests) {
        checkSize(requests);
        List<Violation> violations = new ArrayList<>();
        List<Contact> contacts = new ArrayList<>(requests.size());
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            ContactRequest r = requests.get(i);
            if (r == null) {
                violations.add(new Violation(index, null, "record", "must be an object, not null"));
                continue;
            }
            check(tenant, text(r.callerNumber()), r.name(), r.emailId(),
                    p -> violations.add(new Violation(index, null, p.field(), p.message())))
                    .ifPresent(contact -> {
                        Integer earlier = firstIndex.putIfAbsent(contact.number(), index);
                        if (earlier != null) {
                            violations.add(new Violation(index, null, "callerNumber",
                                    "is the same number as record " + earlier));
                        }
                        contacts.add(contact);
                    });
        }
        if (!violations.isEmpty()) {
            throw new InvalidContactsException(violations);
        }
        return contacts;
    }

    public Contact validate(UUID tenant, ContactRequest request) {
        List<Violation> violations = new ArrayList<>();
        Optional<Contact> contact = check(tenant, text(request.callerNumber()), request.name(), request.emailId(),
                p -> violations.add(new Violation(null, null, p.field(), p.message())));
        return contact.orElseThrow(() -> new InvalidContactsException(violations));
    }

    /** Numbers of a lookup or delete request, each as the text it was given in. */
    public List<String> numbers(List<JsonNode> nodes) {
        checkSize(nodes);
        List<Violation> violations = new ArrayList<>();
        List<String> numbers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            // A record (as in the compat delete body) stands for its number.
            String number = text(node != null && node.isObject() ? node.get("callerNumber") : node);
            if (number == null || number.isBlank()) {
                violations.add(new Violation(i, null, "callerNumber", "must be a phone number (string or number)"));
            } else if (number.indexOf('\0') >= 0) {
                violations.add(new Violation(i, null, "callerNumber", "must not contain NUL characters"));
            }
            numbers.add(number);
        }
        if (!violations.isEmpty()) {
            throw new InvalidContactsException(violations);
        }
        return numbers;
    }

    private void checkSize(List<?> list) {
        if (list.size() > properties.maxListSize()) {
            throw new InvalidContactsException(List.of(new Violation(null, null, "body",
                    "holds " + list.size() + " elements; at most " + properties.maxListSize() + " per request")));
        }
    }

    /** A number given as a JSON string or a JSON integer; anything else is no number. */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.bigIntegerValue().signum() > 0) {
            return node.bigIntegerValue().toString();
        }
        return node.isString() ? node.asString() : "";
    }
}
