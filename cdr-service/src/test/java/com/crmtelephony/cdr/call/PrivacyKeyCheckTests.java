package com.crmtelephony.cdr.call;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.crmtelephony.cdr.CdrServiceTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service started with another PRIVACY_KEY than its database's tombstones were made with does not start (issue 37). */
class PrivacyKeyCheckTests extends CdrServiceTest {

    @Autowired
    ErasedNumbers erased;
    @Autowired
    CallRepository calls;
    @Autowired
    ErasedNumberRepository tombstones;
    @Autowired
    com.crmtelephony.support.registry.TenantProfiles profiles;

    ErasedNumbers withKey(String key) {
        return new ErasedNumbers(tombstones, new ErasedNumbers.PrivacyProperties(key), new ErasedNumbers.NumberRegions("CY", null), calls,
                profiles);
    }

    @Test
    void theKeyThisDatabaseWasStartedWithPassesAndAnotherIsRefused() {
        assertThat(jdbc.queryForObject("select count(*) from privacy_key_check", Long.class)).as("recorded at start").isEqualTo(1);
        assertThatCode(() -> new PrivacyKeyCheck(tombstones, erased).afterPropertiesSet()).doesNotThrowAnyException();
        assertThatThrownBy(() -> new PrivacyKeyCheck(tombstones, withKey("another-privacy-key-of-32-characters-or-more"))
                .afterPropertiesSet()).isInstanceOf(IllegalStateException.class).hasMessageContaining("PRIVACY_KEY");
    }
}
