package com.crmtelephony.phonebook.contact;

import java.util.List;

/** Some records of a request break the rules; nothing of the request was stored or deleted. */
public class InvalidContactsException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidContactsException(List<Violation> violations) {
        super(violations.size() + " invalid field(s); first: " + violations.get(0).describe());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
