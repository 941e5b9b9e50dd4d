package com.crmtelephony.cdr.report;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/**
 * After the calls' step: the per-number totals move to the pseudonym at once, in the erasure's
 * transaction. The fold removes the totals of the numbers no call holds any more, and the pending
 * changes that name them.
 */
@Component
@Order(10)
class ReportErasure implements ErasureStep {

    private final ReportRepository reports;

    ReportErasure(ReportRepository reports) {
        this.reports = reports;
    }

    @Override
    public Set<String> tables() {
        return Set.of("call_number", "call_change");
    }

    @Override
    public long erase(ErasureSubject subject) {
        reports.fold(subject.tenant());
        return 0;
    }
}
