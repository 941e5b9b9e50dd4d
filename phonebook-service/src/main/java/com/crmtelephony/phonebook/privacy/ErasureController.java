package com.crmtelephony.phonebook.privacy;

import java.sql.PreparedStatement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.phonebook.contact.ContactValidator;
import com.crmtelephony.support.caller.Callers;

/**
 * This service's part of erasing a person (cdr-service's POST /cdr/privacy/erasures asks it, with
 * its own token: config-repo trusts no caller's token here, and the gateway does not route it):
 * the tenant's contacts with that number or e-mail address go, and so do their numbers' rows in
 * the change feed, which would otherwise keep the number. Erasing again finds nothing and says so.
 */
@Tag(name = "privacy")
@RestController
@RequestMapping("/phone_book/erasures")
class ErasureController {

    /** Exactly one of them. */
    record ErasureRequest(String number, String email) {
    }

    /** @param numbers the E.164 numbers erased: the one asked for, or those of the contacts with the address */
    record Erased(int contacts, List<String> numbers) {
    }

    private final JdbcTemplate jdbc;
    private final ContactValidator validator;

    ErasureController(JdbcTemplate jdbc, ContactValidator validator) {
        this.jdbc = jdbc;
        this.validator = validator;
    }

    @Operation(summary = "Erase a person from the tenant's phone book (cdr-service's erasure calls it)")
    @PostMapping
    @Transactional
    Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody ErasureRequest request) {
        if (request == null || (request.number() == null) == (request.email() == null)) {
            throw new InvalidInputException("send exactly one of number and email");
        }
        Set<String> numbers = new LinkedHashSet<>();
        List<String> deleted;
        if (request.number() != null) {
            String key = validator.normalise(tenant, request.number())
                    .orElseThrow(() -> new InvalidInputException("number is not a phone number"));
            numbers.add(key);
            deleted = jdbc.queryForList("delete from contact where tenant_id = ? and number = ? returning number",
                    String.class, tenant, key);
        } else {
            if (request.email().isBlank() || request.email().length() > 320 || !request.email().contains("@")
                    || request.email().chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("email is not an e-mail address");
            }
            deleted = jdbc.queryForList("delete from contact where tenant_id = ? and lower(email) = lower(?) returning number",
                    String.class, tenant, request.email().strip());
        }
        numbers.addAll(deleted);
        if (!numbers.isEmpty()) {
            jdbc.update(connection -> {
                PreparedStatement ps = connection.prepareStatement(
                        "delete from contact_change where tenant_id = ? and number = any(?)");
                ps.setObject(1, tenant);
                ps.setArray(2, connection.createArrayOf("text", numbers.toArray()));
                return ps;
            });
        }
        return new Erased(deleted.size(), List.copyOf(numbers));
    }
}
