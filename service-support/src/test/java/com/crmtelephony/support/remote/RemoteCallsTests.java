package com.crmtelephony.support.remote;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a call to another service does when it fails, with the policy config-repo gives (short waits). */
class RemoteCallsTests {

    private final RemoteCalls remote = new RemoteCalls(
            CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(5)
                    .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10))
                    .ignoreExceptions(HttpClientErrorException.class).build()),
            TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(500)).build()),
            RetryRegistry.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
                    .retryExceptions(ResourceAccessException.class, HttpServerErrorException.class).build()),
            Executors.newCachedThreadPool());

    @AfterEach
    void close() {
        remote.close();
    }

    @Test
    void anAnswerComesBackAsItIs() {
        assertThat(remote.call("svc", () -> "answer")).isEqualTo("answer");
    }

    @Test
    void aServerErrorIsRetriedThenTheDependencyIsUnavailable() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> remote.call("svc", () -> {
            attempts.incrementAndGet();
            throw HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "down", null, null, null);
        })).isInstanceOf(DependencyUnavailableException.class).hasMessageStartingWith("svc is unavailable")
                .hasCauseInstanceOf(HttpServerErrorException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aTransientFailureIsRetriedUntilItPasses() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(remote.call("svc", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ResourceAccessException("connection refused");
            }
            return "third time";
        })).isEqualTo("third time");
    }

    @Test
    void aRefusalIsTheCallersProblemPassedOnOnceAndNeverOpensTheCircuit() {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> remote.call("svc", () -> {
                attempts.incrementAndGet();
                throw HttpClientErrorException.create(HttpStatus.UNPROCESSABLE_CONTENT, "no", null, null, null);
            })).isInstanceOf(HttpClientErrorException.UnprocessableContent.class);
        }
        assertThat(attempts).hasValue(20);
        assertThat(remote.call("svc", () -> "still called")).isEqualTo("still called");
    }

    @Test
    void aSlowDependencyIsCutOffAtItsTimeLimit() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> remote.call("svc", () -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "too late";
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aDependencyThatKeepsFailingIsNotCalledWhileItsCircuitIsOpen() {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> remote.call("down", () -> {
                attempts.incrementAndGet();
                throw new ResourceAccessException("connection refused");
            })).isInstanceOf(DependencyUnavailableException.class);
        }
        int beforeOpen = attempts.get();
        assertThatThrownBy(() -> remote.call("down", () -> {
            attempts.incrementAndGet();
            return "never";
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(attempts).hasValue(beforeOpen);
        assertThat(remote.call("other", () -> List.of("unaffected"))).containsExactly("unaffected");
    }
}
