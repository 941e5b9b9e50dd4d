package com.crmtelephony.cdr.live;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/** The tenant's live events that name one of the person's numbers go. */
@Component
@Order(30)
class LiveErasure implements ErasureStep {

    private final CallEventRepository events;

    LiveErasure(CallEventRepository events) {
        this.events = events;
    }

    @Override
    public Set<String> tables() {
        return Set.of("call_event");
    }

    @Override
    public long erase(ErasureSubject subject) {
        return events.forget(subject.tenant(), subject.numbers());
    }
}
