package com.crmtelephony.pbx.remote;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import com.crmtelephony.pbx.PbxIntegrationProperties;

/**
 * HTTP clients with timeouts: one resolving service ids through Eureka, one for plain URLs. Both
 * are observed, so a request's trace goes on in {@code traceparent} to the PBX and cdr-service.
 */
@Configuration(proxyBeanMethods = false)
class RestClients {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced(PbxIntegrationProperties properties, ObservationRegistry observations) {
        return builder(properties, observations);
    }

    @Bean
    @Primary
    RestClient.Builder plain(PbxIntegrationProperties properties, ObservationRegistry observations) {
        return builder(properties, observations);
    }

    /** The circuit breakers run each call on a thread of their own (time limit): the trace goes along. */
    @Bean
    Customizer<Resilience4JCircuitBreakerFactory> traceAlongIntoBreakers() {
        return factory -> factory.configureExecutorService(ContextExecutorService.wrap(
                Executors.newCachedThreadPool(), ContextSnapshotFactory.builder().build()));
    }

    private static RestClient.Builder builder(PbxIntegrationProperties properties, ObservationRegistry observations) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
        factory.setReadTimeout(properties.timeout());
        return RestClient.builder().requestFactory(factory).observationRegistry(observations);
    }
}
