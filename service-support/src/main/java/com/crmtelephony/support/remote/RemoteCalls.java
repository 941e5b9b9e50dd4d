package com.crmtelephony.support.remote;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.web.client.HttpClientErrorException;

/**
 * Calls to another service under the Resilience4j instances named after it: its circuit breaker
 * ({@code resilience4j.circuitbreaker}), which fails fast while the dependency is down; its time
 * limit ({@code resilience4j.timelimiter}), which covers every attempt; and its retries
 * ({@code resilience4j.retry}). The numbers, and which failures count, live in config-repo
 * ({@code instances.<dependency>}, else {@code configs.default}); the code only names the
 * dependency. A 4xx answer is the caller's problem, not the dependency's: it comes out as it
 * came in (config-repo neither retries nor counts it).
 */
public class RemoteCalls implements AutoCloseable {

    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry timeLimits;
    private final RetryRegistry retries;
    private final ExecutorService attempts;

    /** @param attempts where a call runs while its time limit is watched (it should carry the trace along) */
    public RemoteCalls(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimits, RetryRegistry retries,
                       ExecutorService attempts) {
        this.breakers = breakers;
        this.timeLimits = timeLimits;
        this.retries = retries;
        this.attempts = attempts;
    }

    /**
     * @param dependency the name of the Resilience4j instances (the called service's id)
     * @throws DependencyUnavailableException when the dependency failed, took too long or its circuit is open
     * @throws HttpClientErrorException       when the dependency refused the request (4xx)
     */
    public <T> T call(String dependency, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(dependency);
        TimeLimiter timeLimit = timeLimits.timeLimiter(dependency);
        Retry retry = retries.retry(dependency);
        Supplier<T> retried = Retry.decorateSupplier(retry, call);
        Callable<T> limited = TimeLimiter.decorateFutureSupplier(timeLimit, () -> attempts.submit(retried::get));
        try {
            return CircuitBreaker.decorateCallable(breaker, limited).call();
        } catch (HttpClientErrorException refused) {
            throw refused;
        } catch (Exception failure) {
            throw new DependencyUnavailableException(dependency, failure);
        }
    }

    /** {@link #call} for a call without a result. */
    public void run(String dependency, Runnable call) {
        call(dependency, () -> {
            call.run();
            return null;
        });
    }

    /** Calls still running are interrupted: the context is closing. */
    @Override
    public void close() {
        attempts.shutdownNow();
    }
}
