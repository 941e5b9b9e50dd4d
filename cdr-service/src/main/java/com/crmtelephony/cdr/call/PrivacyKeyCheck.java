package com.crmtelephony.cdr.call;

import java.util.UUID;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start, the PRIVACY_KEY must be the one the database's tombstones were made with: with
 * another, no erased number would meet its tombstone again, and every erased person would come
 * back with the next sync. The first start records a check value (an HMAC of a fixed text); a
 * later start with a different key does not start.
 */
@Component
class PrivacyKeyCheck implements InitializingBean {

    private static final UUID NO_TENANT = new UUID(0, 0);

    private final ErasedNumberRepository tombstones;
    private final ErasedNumbers erased;

    PrivacyKeyCheck(ErasedNumberRepository tombstones, ErasedNumbers erased) {
        this.tombstones = tombstones;
        this.erased = erased;
    }

    @Override
    public void afterPropertiesSet() {
        String check = erased.key(NO_TENANT, "privacy-key-check");
        String recorded = tombstones.checkValue(check);
        if (!check.equals(recorded)) {
            throw new IllegalStateException("crm.privacy.pseudonym-key (PRIVACY_KEY) is not the key this database's erasures "
                    + "were made with: with it, erased numbers would be stored in clear again. Start with the old key "
                    + "(its check value is in table privacy_key_check).");
        }
    }
}
