package com.crmtelephony.cdr.call;

import java.util.List;

/** One or more calls of a request break the rules; nothing of the request is stored. */
public class InvalidCallsException extends RuntimeException {

    /** index: position in the request's list (null for a single call). */
    public record Violation(Integer index, String field, String message) {
    }

    private final transient List<Violation> violations;

    public InvalidCallsException(List<Violation> violations) {
        super(violations.size() + " invalid field(s); first: " + describe(violations.get(0)));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(Violation v) {
        return (v.index() == null ? "" : "[" + v.index() + "].") + v.field() + " " + v.message();
    }
}
