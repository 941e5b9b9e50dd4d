package com.crmtelephony.cdr.remote;

import java.util.concurrent.Executors;

import feign.RequestInterceptor;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * A request's trace goes on to the services it calls, so they log under the same trace id: along
 * to the phone-book lookup a report runs beside its queries (Boot's task executor), into the
 * circuit breakers' time-limited calls (their own threads), and out in each Feign request's
 * {@code traceparent}.
 */
@Configuration(proxyBeanMethods = false)
class TracePropagation {

    @Bean
    TaskDecorator traceAlongToTasks() {
        return new ContextPropagatingTaskDecorator();
    }

    @Bean
    Customizer<Resilience4JCircuitBreakerFactory> traceAlongIntoBreakers() {
        return factory -> factory.configureExecutorService(ContextExecutorService.wrap(
                Executors.newCachedThreadPool(), ContextSnapshotFactory.builder().build()));
    }

    @Bean
    RequestInterceptor traceOutInFeignRequests(Tracer tracer, Propagator propagator) {
        return request -> {
            Span current = tracer.currentSpan();
            if (current != null) {
                propagator.inject(current.context(), request, (carrier, key, value) -> carrier.header(key, value));
            }
        };
    }
}
