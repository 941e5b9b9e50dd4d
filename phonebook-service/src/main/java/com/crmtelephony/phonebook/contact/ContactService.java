package com.crmtelephony.phonebook.contact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ContactService {

    /** Rows per upsert statement: big enough to amortise round trips, small enough for the arrays. */
    static final int BATCH = 1000;
    /** Most numbers one answer of the change feed lists; past that it says to forget everything. */
    static final int CHANGES_LIMIT = 10_000;

    private final ContactRepository contacts;
    private final ContactValidator validator;

    ContactService(ContactRepository contacts, ContactValidator validator) {
        this.contacts = contacts;
        this.validator = validator;
    }

    /** Stores validated contacts with distinct numbers, all or nothing. */
    @Transactional
    public UpsertSummary upsert(UUID tenant, List<Contact> batch) {
        int inserted = 0;
        int updated = 0;
        for (int i = 0; i < batch.size(); i += BATCH) {
            ContactRepository.UpsertCounts counts = contacts.upsert(tenant, batch.subList(i, Math.min(batch.size(), i + BATCH)));
            inserted += counts.inserted();
            updated += counts.updated();
        }
        return new UpsertSummary(batch.size(), inserted, updated, batch.size() - inserted - updated);
    }

    @Transactional
    public Contact upsertOne(UUID tenant, Contact contact) {
        contacts.upsert(tenant, List.of(contact));
        return contacts.findByNumbers(tenant, List.of(contact.number())).get(0);
    }

    public List<Contact> find(UUID tenant, String search, int limit, int offset) {
        return contacts.find(tenant, search, limit, offset);
    }

    @Transactional(readOnly = true)
    public void forEach(UUID tenant, String search, Consumer<Contact> each) {
        contacts.forEach(tenant, search, each);
    }

    public long count(UUID tenant, String search) {
        return contacts.count(tenant, search);
    }

    /** The contact for a number in any format; empty when there is none (or it is no phone number). */
    public Optional<Contact> get(UUID tenant, String number) {
        return validator.normalise(tenant, number)
                .flatMap(key -> contacts.findByNumbers(tenant, List.of(key)).stream().findFirst());
    }

    @Transactional
    public DeleteSummary delete(UUID tenant, List<String> numbers) {
        Map<String, String> normalised = normalise(tenant, numbers);
        Set<String> deleted = Set.copyOf(contacts.delete(tenant, Set.copyOf(normalised.values())));
        List<String> notFound = numbers.stream()
                .filter(n -> !normalised.containsKey(n) || !deleted.contains(normalised.get(n))).toList();
        return new DeleteSummary(numbers.size(), deleted.size(), notFound);
    }

    /** The contacts of the numbers asked about, each reported with the number as asked. */
    /**
     * @param unmatched whether numbers without a contact are answered too (name null, and the
     *                  E.164 form they would match as, null when they are no number): what a
     *                  service that keeps the answers needs to follow the change feed
     */
    public List<LookupMatch> lookup(UUID tenant, List<String> numbers, boolean unmatched) {
        Map<String, String> normalised = normalise(tenant, numbers);
        Map<String, Contact> byNumber = contacts.findByNumbers(tenant, Set.copyOf(normalised.values())).stream()
                .collect(Collectors.toMap(Contact::number, Function.identity()));
        List<LookupMatch> matches = new ArrayList<>();
        for (String asked : new LinkedHashSet<>(numbers)) {
            Contact c = byNumber.get(normalised.get(asked));
            if (c != null) {
                matches.add(new LookupMatch(asked, c.rawNumber(), c.name(), c.email(), c.number()));
            } else if (unmatched) {
                matches.add(new LookupMatch(asked, null, null, null, normalised.get(asked)));
            }
        }
        return matches;
    }

    /** The tenant's numbers whose contact changed from {@code after} on (null: only where the feed stands now). */
    public ContactChanges changes(UUID tenant, Long after) {
        return contacts.changes(tenant, after, CHANGES_LIMIT);
    }

    /** Number as given -> E.164, for the numbers that are valid. */
    private Map<String, String> normalise(UUID tenant, List<String> numbers) {
        Map<String, String> normalised = new LinkedHashMap<>();
        Map<String, Optional<String>> cache = new HashMap<>();
        for (String n : numbers) {
            cache.computeIfAbsent(n, k -> validator.normalise(tenant, k)).ifPresent(key -> normalised.put(n, key));
        }
        return normalised;
    }
}
