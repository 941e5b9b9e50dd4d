package com.crmtelephony.gateway.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Not ready until the registry answered once (asked again meanwhile); ready from then on. */
class RegistryWarmUpTests {

    @Test
    void outOfServiceUntilTheRegistryAnswersThenUpForGood() {
        KeyRegistry registry = mock(KeyRegistry.class);
        AtomicInteger asked = new AtomicInteger();
        when(registry.lookup(anyString())).thenReturn(Mono.defer(() -> asked.incrementAndGet() < 3
                ? Mono.error(new java.util.concurrent.TimeoutException("cold"))
                : Mono.just(Optional.<RegisteredKey>empty())));
        RegistryWarmUp warmUp = new RegistryWarmUp(registry);
        assertThat(warmUp.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        try {
            warmUp.started();
            await().atMost(Duration.ofSeconds(10)).until(() -> warmUp.health().getStatus().equals(Status.UP));
            assertThat(asked).hasValue(3);
        } finally {
            warmUp.destroy();
        }
    }
}
