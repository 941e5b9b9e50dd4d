package com.crmtelephony.gateway.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** A proxied event stream ends when the gateway starts to stop; any other request is left to the drain. */
class StreamsEndOnShutdownTests {

    @Test
    void anEventStreamEndsWhenReadinessGoesDownAndOtherRequestsGoOn() {
        StreamsEndOnShutdown filter = new StreamsEndOnShutdown();
        MockServerWebExchange stream = MockServerWebExchange.from(MockServerHttpRequest.get("/cdr-service/cdr/events")
                .header("Accept", "text/event-stream"));
        MockServerWebExchange report = MockServerWebExchange.from(MockServerHttpRequest.get("/cdr-service/cdr/report"));

        StepVerifier.create(filter.filter(stream, exchange -> Mono.never()))
                .then(() -> filter.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC)))
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> filter.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC)))
                .verifyComplete();
        StepVerifier.create(filter.filter(report, exchange -> Mono.never()))
                .expectSubscription().expectNoEvent(Duration.ofMillis(100)).thenCancel().verify();
    }
}
