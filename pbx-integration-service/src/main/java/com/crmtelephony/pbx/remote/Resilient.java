package com.crmtelephony.pbx.remote;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import com.crmtelephony.support.remote.DependencyUnavailableException;

/**
 * Calls to one dependency: a time limit, retries of transient failures (I/O errors, 5xx) with
 * backoff, and a circuit breaker that fails fast while the dependency is down. A 4xx answer is
 * the caller's problem, not the dependency's: passed on as is, never retried or counted.
 */
public final class Resilient {

    private final String dependency;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public Resilient(String dependency, Resilience4JCircuitBreakerFactory factory, Duration timeout) {
        this.dependency = dependency;
        factory.configure(builder -> builder
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(timeout.multipliedBy(3)).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        .ignoreExceptions(HttpClientErrorException.class).build()), dependency);
        this.breaker = factory.create(dependency);
        this.retry = Retry.of(dependency, RetryConfig.custom().maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(200, 2))
                .retryExceptions(ResourceAccessException.class, HttpServerErrorException.class).build());
    }

    public <T> T call(Supplier<T> call) {
        return breaker.run(() -> retry.executeSupplier(call), failure -> {
            if (failure instanceof HttpClientErrorException clientError) {
                throw clientError;
            }
            throw new DependencyUnavailableException(dependency, failure);
        });
    }
}
