package com.crmtelephony.cdr.remote;

import java.time.Duration;
import java.util.function.Supplier;

import feign.FeignException;
import feign.RetryableException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;

import com.crmtelephony.support.remote.DependencyUnavailableException;

/**
 * Calls to one dependency through its Feign client: an overall time limit, retries of
 * transient failures (I/O errors, 5xx) with backoff, and a circuit breaker that fails fast while
 * the dependency is down. A 4xx answer is the caller's problem: never retried or counted.
 */
public final class Resilient {

    private final String dependency;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public Resilient(String dependency, Resilience4JCircuitBreakerFactory factory, Duration timeLimit, int attempts) {
        this.dependency = dependency;
        factory.configure(builder -> builder
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(timeLimit).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        .ignoreExceptions(FeignException.FeignClientException.class).build()), dependency);
        this.breaker = factory.create(dependency);
        this.retry = Retry.of(dependency, RetryConfig.custom().maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(200, 2))
                .retryExceptions(RetryableException.class, FeignException.FeignServerException.class).build());
    }

    /** @throws DependencyUnavailableException when the dependency failed or took too long */
    public <T> T call(Supplier<T> call) {
        return breaker.run(() -> retry.executeSupplier(call), failure -> {
            if (failure instanceof FeignException.FeignClientException clientError) {
                throw clientError;
            }
            throw new DependencyUnavailableException(dependency, failure);
        });
    }
}
