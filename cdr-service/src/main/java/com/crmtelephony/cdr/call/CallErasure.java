package com.crmtelephony.cdr.call;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/**
 * First of the erasure's steps: the number's tombstones, and the calls that hold it in any form
 * become its pseudonym. The forms the calls held it in are found here; the steps after erase those.
 */
@Component
@Order(0)
class CallErasure implements ErasureStep {

    private final ErasedNumbers erased;

    CallErasure(ErasedNumbers erased) {
        this.erased = erased;
    }

    @Override
    public String receiptName() {
        return "calls";
    }

    @Override
    public Set<String> tables() {
        return Set.of("call_record", "erased_number");
    }

    @Override
    public long erase(ErasureSubject subject) {
        if (subject.numberKey() == null) {
            return 0;
        }
        ErasedNumbers.Pseudonymised done = erased.erase(subject.tenant(), subject.numberKey(), subject.numbers(),
                subject.pseudonym());
        subject.found(done.forms());
        return done.calls();
    }
}
