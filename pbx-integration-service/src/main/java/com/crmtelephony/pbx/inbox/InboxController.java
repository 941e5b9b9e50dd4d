package com.crmtelephony.pbx.inbox;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.caller.Callers;

@Tag(name = "pbx")
@RestController
class InboxController {

    private final InboxRepository inbox;

    InboxController(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @Operation(summary = "The tenant's webhook backlog",
            description = "pending: webhooks received and kept, not yet stored by cdr-service (oldestPending: when the "
                    + "oldest came); rejected: events cdr-service refused, set aside for the operator (kept 7 days).")
    @GetMapping("/pbx/inbox")
    InboxStatus inbox(@RequestHeader(Callers.TENANT_HEADER) UUID tenant) {
        return inbox.backlog(tenant);
    }
}
