package com.crmtelephony.cdr.call;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/** Checks and normalises incoming calls; reports every violation with its index and field. */
@Component
public class CallValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");
    private static final int MAX_TEXT = 255;
    /** A day: no call lasts longer, and an int column holds it. */
    private static final BigDecimal MAX_DURATION = BigDecimal.valueOf(86_400);
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant PAST_LAST = Instant.parse("+10000-01-01T00:00:00Z");

    public Call validate(CallRequest request) {
        List<InvalidCallsException.Violation> violations = new ArrayList<>();
        Call call = check(request, null, violations);
        if (!violations.isEmpty()) {
            throw new InvalidCallsException(violations);
        }
        return call;
    }

    public List<Call> validate(List<CallRequest> requests) {
        List<InvalidCallsException.Violation> violations = new ArrayList<>();
        List<Call> calls = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            calls.add(check(requests.get(i), i, violations));
        }
        if (!violations.isEmpty()) {
            throw new InvalidCallsException(violations);
        }
        return calls;
    }

    private Call check(CallRequest r, Integer index, List<InvalidCallsException.Violation> out) {
        if (r == null) {
            out.add(new InvalidCallsException.Violation(index, "call", "must be an object, not null"));
            return null;
        }
        Errors e = new Errors(index, out);
        if (r.uuid() == null || !ID.matcher(r.uuid()).matches()) {
            e.add("uuid", "is required: 1 to 64 letters, digits or '-'");
        }
        if (r.recording() != null && !ID.matcher(r.recording()).matches()) {
            e.add("recording", "must be 1 to 64 letters, digits or '-'");
        }
        text(e, "domainName", r.domainName());
        text(e, "callerName", r.callerName());
        noNul(e, "direction", r.direction());
        noNul(e, "action", r.action());
        noNul(e, "clickToCallData", r.clickToCallData());
        storable(e, "callStart", r.callStart());
        storable(e, "ringStart", r.ringStart());
        storable(e, "answerStart", r.answerStart());
        storable(e, "callEnd", r.callEnd());
        PhoneNumber caller = number(e, "callerNumber", r.callerNumber());
        PhoneNumber destination = number(e, "destinationNumber", r.destinationNumber());
        Direction direction = null;
        if (r.direction() != null) {
            try {
                direction = Direction.valueOf(r.direction().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                e.add("direction", "must be inbound or outbound, was '" + r.direction() + "'");
            }
        }
        CallAction action = null;
        if (r.action() != null) {
            try {
                action = CallAction.valueOf(r.action().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                e.add("action", "must be one of ORIGINATE, RING, ANSWERED, HANGUP, was '" + r.action() + "'");
            }
        }
        if (r.callStart() != null && r.callEnd() != null && r.callEnd().isBefore(r.callStart())) {
            e.add("callEnd", "must not be before callStart");
        }
        if (r.answerStart() != null && r.callEnd() != null && r.callEnd().isBefore(r.answerStart())) {
            e.add("callEnd", "must not be before answerStart");
        }
        if (r.ringStart() != null && r.callStart() != null && r.ringStart().isBefore(r.callStart())) {
            e.add("ringStart", "must not be before callStart");
        }
        Integer duration = null;
        if (r.duration() != null) {
            BigDecimal seconds = r.duration().setScale(0, RoundingMode.HALF_UP);
            if (seconds.signum() < 0) {
                e.add("duration", "must not be negative");
            } else if (seconds.compareTo(MAX_DURATION) > 0) {
                e.add("duration", "must be at most " + MAX_DURATION + " seconds");
            } else {
                duration = seconds.intValueExact();
            }
        }
        if (r.clickToCallData() != null && r.clickToCallData().length() > 4096) {
            e.add("clickToCallData", "must be at most 4096 characters");
        }
        // The original PBX sends "" for a caller it has no name for: missing, as null is, so the
        // phone book may fill it and it never wipes a name known before.
        String callerName = r.callerName() == null || r.callerName().isBlank() ? null : r.callerName();
        return new Call(r.uuid(), r.domainName(), callerName, caller, destination, direction,
                r.callStart(), r.ringStart(), r.answerStart(), r.callEnd(), duration, r.recording(),
                r.clickToCall(), r.clickToCallData(), action);
    }

    private static void text(Errors e, String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            e.add(field, "must be at most " + MAX_TEXT + " characters");
        }
        noNul(e, field, value);
    }

    /** PostgreSQL's text cannot hold U+0000: refused here, naming the field, rather than failing in the store. */
    private static void noNul(Errors e, String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            e.add(field, "must not contain NUL characters");
        }
    }

    /** A time the store and the ISO output both hold: years 1 to 9999 (Java parses far wider ones). */
    private static void storable(Errors e, String field, Instant time) {
        if (time != null && (time.isBefore(FIRST) || !time.isBefore(PAST_LAST))) {
            e.add(field, "must be a time between the years 0001 and 9999");
        }
    }

    private static PhoneNumber number(Errors e, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String digits;
        boolean numeric;
        if (node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0) {
            digits = node.bigIntegerValue().toString();
            numeric = true;
        } else if (node.isString()) {
            digits = node.asString().trim();
            numeric = false;
        } else {
            e.add(field, "must be a phone number (digits, optionally with a leading +)");
            return null;
        }
        if (!NUMBER.matcher(digits).matches()) {
            e.add(field, "must be 1 to 32 digits, optionally with a leading +");
            return null;
        }
        return new PhoneNumber(digits, numeric);
    }

    private record Errors(Integer index, List<InvalidCallsException.Violation> out) {
        void add(String field, String message) {
            out.add(new InvalidCallsException.Violation(index, field, message));
        }
    }
}
