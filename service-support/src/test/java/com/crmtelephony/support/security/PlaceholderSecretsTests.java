package com.crmtelephony.support.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .env.example's placeholders are refused at start, each named, never echoed. */
class PlaceholderSecretsTests {

    @Test
    void everyPlaceholderIsNamedAndTheServiceDoesNotStart() {
        assertThatThrownBy(() -> PlaceholderSecrets.check(Map.of("EUREKA_PASSWORD", "change-me-eureka",
                "PBX_WEBHOOK_SECRET", "Change-Me-webhook-secret", "PATH", "/usr/bin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EUREKA_PASSWORD, PBX_WEBHOOK_SECRET")
                .hasMessageNotContaining("change-me-eureka").hasMessageNotContaining("PATH");
    }

    @Test
    void realValuesPass() {
        assertThatCode(() -> PlaceholderSecrets.check(Map.of("EUREKA_PASSWORD", "f3a9c2", "NOTE", "please change me later")))
                .doesNotThrowAnyException();
    }
}
