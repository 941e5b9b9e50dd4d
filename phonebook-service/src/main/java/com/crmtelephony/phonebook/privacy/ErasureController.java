package com.crmtelephony.phonebook.privacy;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.phonebook.contact.ContactValidator;
import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSteps;
import com.crmtelephony.support.privacy.ErasureSubject;

/**
 * This service's part of erasing a person (cdr-service's POST /cdr/privacy/erasures asks it, with
 * its own token: config-repo trusts no caller's token here, and the gateway does not route it):
 * this service's {@link ErasureStep}s run in one transaction (the contacts with that number or
 * e-mail address, and their numbers' rows in the change feed, which would otherwise keep the
 * number). Erasing again finds nothing and says so.
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

    private final ErasureSteps steps;
    private final ContactValidator validator;

    ErasureController(ObjectProvider<ErasureStep> steps, ContactValidator validator) {
        this.steps = new ErasureSteps(steps);
        this.validator = validator;
    }

    @Operation(summary = "Erase a person from the tenant's phone book (cdr-service's erasure calls it)")
    @PostMapping
    @Transactional
    Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody ErasureRequest request) {
        if (request == null || (request.number() == null) == (request.email() == null)) {
            throw new InvalidInputException("send exactly one of number and email");
        }
        ErasureSubject person;
        if (request.number() != null) {
            String key = validator.normalise(tenant, request.number())
                    .orElseThrow(() -> new InvalidInputException("number is not a phone number"));
            person = ErasureSubject.number(tenant, key, List.of(), null);
        } else {
            if (request.email().isBlank() || request.email().length() > 320 || !request.email().contains("@")
                    || request.email().chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("email is not an e-mail address");
            }
            person = ErasureSubject.email(tenant, request.email().strip());
        }
        long contacts = steps.run(person).getOrDefault("contacts", 0L);
        return new Erased((int) contacts, List.copyOf(person.numbers()));
    }
}
