package com.crmtelephony.pbx.inbox;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSteps;
import com.crmtelephony.support.privacy.ErasureSubject;

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

    private final ErasureSteps steps;
    private final InboxRepository inbox;

    InboxErasureController(ObjectProvider<ErasureStep> steps, InboxRepository inbox) {
        this.steps = new ErasureSteps(steps);
        this.inbox = inbox;
    }

    @Operation(summary = "Remove the tenant's kept webhooks that name a person's numbers (cdr-service's erasure calls it)")
    @PostMapping("/pbx/erasures")
    @Transactional
    Erased erase(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody ErasureRequest request) {
        if (request == null || request.numbers() == null || request.numbers().isEmpty() || request.numbers().size() > 100
                || !request.numbers().stream().allMatch(n -> n != null && n.matches("\\+?[0-9*#]{3,32}"))) {
            throw new InvalidInputException("numbers must be 1 to 100 numbers as calls hold them (digits, *, #, a leading +; 3 or more)");
        }
        ErasureSubject person = ErasureSubject.numbers(tenant, request.numbers());
        long removed = steps.run(person).getOrDefault("webhooks", 0L);
        return new Erased((int) removed, inbox.pendingNaming(tenant, person.numbers()));
    }
}
