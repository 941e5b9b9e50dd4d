package com.crmtelephony.support.remote;

import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * {@link RemoteCalls} for a service that calls others, on the Resilience4j registries that
 * Resilience4j's Spring Boot support builds from {@code resilience4j.*} properties. Each call runs
 * on a thread of its own, for its time limit, and a task may call while its request waits (Boot's
 * task executor): the request's trace goes along into both, so the called service logs under the
 * same trace id.
 */
@AutoConfiguration(afterName = {
        "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration",
        "io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration"})
@ConditionalOnClass({CircuitBreakerRegistry.class, TimeLimiterRegistry.class, RetryRegistry.class})
public class RemoteCallsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({CircuitBreakerRegistry.class, TimeLimiterRegistry.class, RetryRegistry.class})
    RemoteCalls remoteCalls(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimits, RetryRegistry retries) {
        return new RemoteCalls(breakers, timeLimits, retries, ContextExecutorService.wrap(
                Executors.newCachedThreadPool(), ContextSnapshotFactory.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    TaskDecorator traceAlongIntoTasks() {
        return new ContextPropagatingTaskDecorator();
    }
}
