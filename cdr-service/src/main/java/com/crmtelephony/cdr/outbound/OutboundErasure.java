package com.crmtelephony.cdr.outbound;

import java.util.List;
import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.cdr.live.LiveCalls;
import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/** Before the live calls' step: no webhook still to send may carry an event that names the person. */
@Component
@Order(20)
class OutboundErasure implements ErasureStep {

    private final LiveCalls live;
    private final OutboundRepository outbound;

    OutboundErasure(LiveCalls live, OutboundRepository outbound) {
        this.live = live;
        this.outbound = outbound;
    }

    @Override
    public Set<String> tables() {
        return Set.of("webhook_delivery");
    }

    @Override
    public long erase(ErasureSubject subject) {
        List<Long> events = live.eventsNaming(subject.tenant(), subject.numbers());
        return events.isEmpty() ? 0 : outbound.forgetPending(events);
    }
}
