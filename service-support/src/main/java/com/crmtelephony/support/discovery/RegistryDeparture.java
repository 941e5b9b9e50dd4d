package com.crmtelephony.support.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationListener;

/**
 * On shutdown, the registry hears it first. Spring Boot marks the instance as refusing traffic
 * as soon as its context begins to close (SIGTERM), before anything stops: this marks it
 * {@code OUT_OF_SERVICE} in the registry at that moment, so that the gateways, which route by
 * the registry and not by the platform's readiness probe, stop sending it requests while it
 * finishes its jobs, deliveries and streams and drains the requests in flight. Deregistration
 * itself comes later, when the registration stops.
 */
public class RegistryDeparture implements ApplicationListener<AvailabilityChangeEvent<?>> {

    static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

    private static final Logger log = LoggerFactory.getLogger(RegistryDeparture.class);

    private final ServiceRegistry<Registration> registry;
    private final Registration registration;
    /** Once: a separate management server's context says it too, and its events reach this one. */
    private final java.util.concurrent.atomic.AtomicBoolean departed = new java.util.concurrent.atomic.AtomicBoolean();

    @SuppressWarnings("unchecked")
    public RegistryDeparture(ServiceRegistry<? extends Registration> registry, Registration registration) {
        this.registry = (ServiceRegistry<Registration>) registry;
        this.registration = registration;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC && departed.compareAndSet(false, true)) {
            try {
                registry.setStatus(registration, OUT_OF_SERVICE);
                log.info("Marked {} out of service in the registry: it takes no new requests", registration.getInstanceId());
            } catch (RuntimeException e) {
                // The gateways still route around it: it refuses connections once it drains.
                log.warn("Could not mark this instance out of service in the registry: {}", e.getMessage());
            }
        }
    }
}
