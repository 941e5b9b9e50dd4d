package com.crmtelephony.support.web;

import java.net.URI;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Housekeeping is nobody's request: container health checks, metric scrapes and the registry's
 * heartbeats and fetches get no span and no HTTP timing. Otherwise the trace UI would be mostly
 * each service's checks and heartbeats every few seconds, and a request would be hard to find.
 */
@AutoConfiguration
public class HousekeepingObservationsAutoConfiguration {

    /** A request a server answers for housekeeping: its actuator, or the registry's protocol. */
    static boolean housekeeping(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/") || registry(path);
    }

    private static boolean registry(String path) {
        return path != null && path.startsWith("/eureka/");
    }

    /** A client's call to the registry (a heartbeat, a fetch of the instances). */
    static boolean registryCall(Observation.Context context) {
        if (context instanceof ClientRequestObservationContext client && client.getCarrier() != null) {
            URI uri = client.getCarrier().getURI();
            return registry(uri.getRawPath());
        }
        return false;
    }

    /** Neither a registry call, nor a server request (of this stack's context type) for housekeeping. */
    static <C extends Observation.Context> ObservationPredicate noHousekeeping(Class<C> serverRequest, Function<C, String> path) {
        return (String name, Observation.Context context) -> !registryCall(context)
                && !(serverRequest.isInstance(context) && housekeeping(path.apply(serverRequest.cast(context))));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        ObservationPredicate noHousekeepingObservations() {
            return noHousekeeping(org.springframework.http.server.observation.ServerRequestObservationContext.class,
                    request -> request.getCarrier().getRequestURI());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        ObservationPredicate noHousekeepingObservations() {
            return noHousekeeping(org.springframework.http.server.reactive.observation.ServerRequestObservationContext.class,
                    request -> request.getCarrier().getPath().value());
        }
    }
}
