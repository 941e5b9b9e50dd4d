package com.crmtelephony.pbx.inbox;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.caller.Callers;

/**
 * This service's part of erasing a person (cdr-service's POST /cdr/privacy/erasures asks it, with
 * its own token: config-repo trusts no caller's token here, and the gateway does not route it):
 * the webhooks kept after they were stored or refused that name one of the person's numbers go.
 * One not yet stored stays until cdr-service has it, which stores it under the person's
 * pseudonym; then it goes with the other stored webhooks (InboxRetention).
 */
@Tag(name = "privacy")
@RestController
class InboxErasureController {

    /** @param numbers the forms in which the tenant's calls hold the person's number */
    record ErasureRequest(List<String> numbers) {
    }

    /** @param pending webhooks naming a number not stored yet: they reach cdr-service, which pseudonymises them */
    record Erased(int webhooks, long pending) {
    }

    /**
     * A body names a number when one of its parties is that number, exactly: a substring of any
     * body (a uuid, a timestamp, another number) is not the person. A body that is no JSON object
     * names nobody.
     */
    private static final String NAMES_ONE = """
            (case when body is json object
                  then (body::jsonb ->> 'caller_number') = any(?::text[]) or (body::jsonb ->> 'destination_number') = any(?::text[])
                  else false end)""";

    private final JdbcTemplate jdbc;

    InboxErasureController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(summary = "Remove the tenant's kept webhooks that name a person's numbers (cdr-service's erasure calls it)")
    @PostMapping("/pbx/erasures")
    Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody ErasureRequest request) {
        if (request == null || request.numbers() == null || request.numbers().isEmpty() || request.numbers().size() > 100
                || !request.numbers().stream().allMatch(n -> n != null && n.matches("\\+?[0-9*#]{3,32}"))) {
            throw new InvalidInputException("numbers must be 1 to 100 numbers as calls hold them (digits, *, #, a leading +; 3 or more)");
        }
        String[] numbers = request.numbers().toArray(String[]::new);
        int removed = jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("delete from inbox_event where tenant_id = ?"
                    + " and (forwarded_at is not null or rejected is not null) and " + NAMES_ONE);
            ps.setObject(1, tenant);
            java.sql.Array array = connection.createArrayOf("text", numbers);
            ps.setArray(2, array);
            ps.setArray(3, array);
            return ps;
        });
        Long pending = jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("select count(*) from inbox_event where tenant_id = ?"
                    + " and forwarded_at is null and rejected is null and " + NAMES_ONE);
            ps.setObject(1, tenant);
            java.sql.Array array = connection.createArrayOf("text", numbers);
            ps.setArray(2, array);
            ps.setArray(3, array);
            return ps;
        }, rs -> rs.next() ? rs.getLong(1) : 0L);
        return new Erased(removed, pending == null ? 0 : pending);
    }
}
