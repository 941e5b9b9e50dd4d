package com.crmtelephony.support.discovery;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.support.GenericApplicationContext;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The registry hears of a shutdown when readiness goes down, first; nothing else moves it. */
class RegistryDepartureTests {

    @SuppressWarnings("unchecked")
    private final ServiceRegistry<Registration> registry = mock(ServiceRegistry.class);
    private final Registration registration = mock(Registration.class);

    @Test
    void refusingTrafficMarksTheInstanceOutOfServiceAndOtherStatesDoNot() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.addApplicationListener(new RegistryDeparture(registry, registration));
            context.refresh();
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
            verify(registry, never()).setStatus(any(), anyString());

            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC); // the management server's context
            verify(registry).setStatus(registration, "OUT_OF_SERVICE");
        }
    }

    @Test
    void aRegistryThatCannotBeReachedDoesNotStopTheShutdown() {
        doThrow(new IllegalStateException("registry down")).when(registry).setStatus(any(), anyString());
        new RegistryDeparture(registry, registration)
                .onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
        verify(registry).setStatus(registration, "OUT_OF_SERVICE");
    }
}
