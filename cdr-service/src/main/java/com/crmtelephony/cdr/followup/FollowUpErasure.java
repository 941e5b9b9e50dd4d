package com.crmtelephony.cdr.followup;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/** The person's called-back marks go. */
@Component
@Order(50)
class FollowUpErasure implements ErasureStep {

    private final FollowUpRepository followUps;

    FollowUpErasure(FollowUpRepository followUps) {
        this.followUps = followUps;
    }

    @Override
    public Set<String> tables() {
        return Set.of("follow_up_done");
    }

    @Override
    public long erase(ErasureSubject subject) {
        return followUps.forget(subject.tenant(), subject.numbers());
    }
}
