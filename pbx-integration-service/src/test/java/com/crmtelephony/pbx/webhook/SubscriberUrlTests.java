package com.crmtelephony.pbx.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crmtelephony.pbx.PbxIntegrationProperties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every instance subscribes one configured URL: there is no fallback to an instance's own address,
 * which would make one subscription (and one copy of every webhook) per instance.
 */
class SubscriberUrlTests {

    private static PbxIntegrationProperties properties(String callbackUrl, boolean subscribe) {
        return new PbxIntegrationProperties("a-subscriber-url-test-secret", Map.of(), false, List.of(UUID.randomUUID()), Duration.ofMinutes(5),
                callbackUrl, subscribe, Duration.ofSeconds(15));
    }

    @Test
    void subscribingWithoutTheStableUrlDoesNotStart() {
        assertThatThrownBy(() -> new Subscriber(null, null, properties(null, true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PBX_CALLBACK_URL");
        assertThatThrownBy(() -> new Subscriber(null, null, properties(" ", true)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPbxConfiguredByHandNeedsNoUrl() {
        assertThatCode(() -> new Subscriber(null, null, properties(null, false))).doesNotThrowAnyException();
    }
}
