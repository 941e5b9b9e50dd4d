package com.crmtelephony.pbx.inbox;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/**
 * The webhooks kept after they were stored or refused that name one of the person's numbers go.
 * One not yet stored stays until cdr-service has it, which stores it under the person's
 * pseudonym; then it goes with the other stored webhooks (InboxRetention).
 */
@Component
@Order(0)
class InboxErasure implements ErasureStep {

    private final InboxRepository inbox;

    InboxErasure(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @Override
    public String receiptName() {
        return "webhooks";
    }

    @Override
    public Set<String> tables() {
        return Set.of("inbox_event");
    }

    @Override
    public long erase(ErasureSubject subject) {
        return inbox.forgetNaming(subject.tenant(), subject.numbers());
    }
}
