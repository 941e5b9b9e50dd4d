package com.crmtelephony.cdr.phonebook;

import java.util.Set;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;

/** What the phone book said of the person's numbers (their contact's name among it) is forgotten here. */
@Component
@Order(40)
class NumberMatchErasure implements ErasureStep {

    private final NumberMatchRepository matches;

    NumberMatchErasure(NumberMatchRepository matches) {
        this.matches = matches;
    }

    @Override
    public Set<String> tables() {
        return Set.of("number_match");
    }

    @Override
    public long erase(ErasureSubject subject) {
        return matches.forget(subject.tenant(), subject.numbers());
    }
}
