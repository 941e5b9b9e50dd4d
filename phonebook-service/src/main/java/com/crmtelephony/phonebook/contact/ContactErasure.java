package com.crmtelephony.phonebook.contact;

import java.util.List;
import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/**
 * The tenant's contacts with the person's number or address go, and so do their numbers' rows in
 * the change feed. The numbers of the contacts found by address become the subject's: cdr-service
 * erases them from the calls.
 */
@Component
@Order(0)
class ContactErasure implements ErasureStep {

    private final ContactRepository contacts;

    ContactErasure(ContactRepository contacts) {
        this.contacts = contacts;
    }

    @Override
    public String receiptName() {
        return "contacts";
    }

    @Override
    public Set<String> tables() {
        return Set.of("contact", "contact_change");
    }

    @Override
    public long erase(ErasureSubject subject) {
        List<String> deleted = subject.email() != null
                ? contacts.deleteByEmail(subject.tenant(), subject.email())
                : contacts.deleteByNumber(subject.tenant(), subject.numberKey());
        subject.found(deleted);
        if (!subject.numbers().isEmpty()) {
            contacts.forgetChanges(subject.tenant(), subject.numbers());
        }
        return deleted.size();
    }
}
