package com.crmtelephony.cdr.call;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

/** What a call must look like to be stored, checked without a web layer or a database. */
class CallValidatorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CallValidator validator = new CallValidator();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static CallRequest call(String uuid, JsonNode caller, String direction, Instant start, Instant end,
                                    String action) {
        return new CallRequest(uuid, "acme.pbx", null, caller, json("\"2000\""), direction, start, null, null, end,
                null, null, null, null, action);
    }

    private static List<InvalidCallsException.Violation> violations(List<CallRequest> calls, CallValidator validator) {
        try {
            validator.validate(calls);
        } catch (InvalidCallsException e) {
            return e.violations();
        }
        throw new AssertionError("expected the calls to be refused");
    }

    @Test
    void aValidCallIsNormalisedAndKeepsTheFormItsNumbersCameIn() {
        Call stored = validator.validate(call("c-1", json("35799000001"), " Inbound ",
                Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T10:05:00Z"), "hangup"));
        assertThat(stored.direction()).isEqualTo(Direction.INBOUND);
        assertThat(stored.action()).isEqualTo(CallAction.HANGUP);
        assertThat(stored.callerNumber()).isEqualTo(new PhoneNumber("35799000001", true));
        assertThat(stored.destinationNumber()).isEqualTo(new PhoneNumber("2000", false));
    }

    /** The original PBX sends "" for an unknown caller and durations with fractions of a second. */
    @Test
    void aBlankNameIsMissingAndAFractionalDurationIsRoundedHalfUp() {
        CallRequest original = new CallRequest("c-3", "acme.pbx", "  ", json("35799000001"), json("2000"), "inbound",
                Instant.parse("2026-11-30T10:00:00Z"), null, null, null, new java.math.BigDecimal("12.5"), null, null, null,
                "HANGUP");
        Call stored = validator.validate(original);
        assertThat(stored.callerName()).isNull();
        assertThat(stored.duration()).isEqualTo(13);
        assertThat(validator.validate(new CallRequest("c-4", null, "Alice", json("35799000001"), null, "inbound",
                Instant.parse("2026-11-30T10:00:00Z"), null, null, null, new java.math.BigDecimal("12.49"), null, null, null,
                "HANGUP")).duration()).isEqualTo(12);
        assertThat(violations(List.of(new CallRequest("c-5", null, null, json("35799000001"), null, "inbound",
                Instant.parse("2026-11-30T10:00:00Z"), null, null, null, new java.math.BigDecimal("1e12"), null, null, null,
                "HANGUP")), validator)).extracting(InvalidCallsException.Violation::field).containsExactly("duration");
    }

    @Test
    void everyViolationIsReportedWithItsIndexAndField() {
        List<InvalidCallsException.Violation> found = violations(List.of(
                call("ok", null, null, null, null, null),
                call("bad id!", json("\"12ab\""), "sideways", Instant.parse("2026-11-30T10:05:00Z"),
                        Instant.parse("2026-11-30T10:00:00Z"), "DIALLED")), validator);
        assertThat(found).extracting(InvalidCallsException.Violation::index).containsOnly(1);
        assertThat(found).extracting(InvalidCallsException.Violation::field)
                .containsExactlyInAnyOrder("uuid", "callerNumber", "direction", "action", "callEnd");
    }

    @Test
    void textThatPostgresCannotHoldOrTimesBeyondItsYearsAreRefusedByField() {
        CallRequest nul = new CallRequest("c-2", "acme\u0000pbx", null, null, null, null,
                Instant.parse("+10000-01-01T00:00:00Z"), null, null, null, java.math.BigDecimal.valueOf(-1), null, null, null, null);
        assertThatThrownBy(() -> validator.validate(nul)).isInstanceOf(InvalidCallsException.class)
                .extracting(e -> ((InvalidCallsException) e).violations(), list(InvalidCallsException.Violation.class))
                .extracting(InvalidCallsException.Violation::field)
                .containsExactlyInAnyOrder("domainName", "callStart", "duration");
    }

    @Test
    void aNumberIsDigitsWithAnOptionalPlusAsAJsonNumberOrString() {
        assertThat(validator.validate(call("c-3", json("\"+35799000001\""), null, null, null, null)).callerNumber())
                .isEqualTo(new PhoneNumber("+35799000001", false));
        for (String bad : List.of("-5", "1.5", "true", "{}", "\"\"", "\"123456789012345678901234567890123\"")) {
            assertThatThrownBy(() -> validator.validate(call("c-4", json(bad), null, null, null, null)))
                    .as(bad).isInstanceOf(InvalidCallsException.class);
        }
    }

    @Test
    void aNullInTheListIsNamedNotAServerError() {
        List<CallRequest> calls = new java.util.ArrayList<>();
        calls.add(null);
        assertThat(violations(calls, validator)).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("call"));
    }
}
