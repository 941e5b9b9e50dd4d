package com.crmtelephony.support.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

import static org.assertj.core.api.Assertions.assertThat;

/** The resilience policy is config-repo's: its files bind, and name the dependencies the code names. */
class ConfigRepoPolicyTests {

    private static ApplicationContextRunner withConfigRepo(String... files) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
                        TimeLimiterAutoConfiguration.class, RetryAutoConfiguration.class, RemoteCallsAutoConfiguration.class))
                .withInitializer(context -> {
                    for (String file : files) {
                        for (PropertySource<?> source : load(file)) {
                            context.getEnvironment().getPropertySources().addFirst(source);
                        }
                    }
                });
    }

    private static List<PropertySource<?>> load(String file) {
        try {
            // Only the default documents: profile documents (docker, demo) have activation keys.
            return new YamlPropertySourceLoader().load(file, new FileSystemResource("../config-repo/" + file)).stream()
                    .filter(source -> !source.containsProperty("spring.config.activate.on-profile")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCallRetriesServerErrorsThreeTimesWithinThirtySecondsAndNeverRetriesOrCountsA4xx() {
        withConfigRepo("application.yml").run(context -> {
            assertThat(context).hasSingleBean(RemoteCalls.class);
            var retry = context.getBean(RetryRegistry.class).retry("any-service").getRetryConfig();
            assertThat(retry.getMaxAttempts()).isEqualTo(3);
            assertThat(retry.getExceptionPredicate().test(HttpServerErrorException.create(
                    org.springframework.http.HttpStatus.BAD_GATEWAY, "", null, null, null))).isTrue();
            assertThat(retry.getExceptionPredicate().test(HttpClientErrorException.create(
                    org.springframework.http.HttpStatus.NOT_FOUND, "", null, null, null))).isFalse();
            var breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("any-service").getCircuitBreakerConfig();
            assertThat(breaker.getIgnoreExceptionPredicate().test(HttpClientErrorException.create(
                    org.springframework.http.HttpStatus.NOT_FOUND, "", null, null, null))).isTrue();
            assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
            assertThat(context.getBean(TimeLimiterRegistry.class).timeLimiter("any-service")
                    .getTimeLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aReportWaitsForThePhoneBookOnceForThreeSecondsAndTheRestOfThePolicyStays() {
        withConfigRepo("application.yml", "cdr-service.yml").run(context -> {
            var retry = context.getBean(RetryRegistry.class).retry("phonebook-service").getRetryConfig();
            assertThat(retry.getMaxAttempts()).isEqualTo(1);
            assertThat(context.getBean(TimeLimiterRegistry.class).timeLimiter("phonebook-service")
                    .getTimeLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(context.getBean(CircuitBreakerRegistry.class).circuitBreaker("phonebook-service")
                    .getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(10);
            assertThat(context.getBean(RetryRegistry.class).retry("pbx-integration-service")
                    .getRetryConfig().getMaxAttempts()).isEqualTo(3);
        });
    }
}
