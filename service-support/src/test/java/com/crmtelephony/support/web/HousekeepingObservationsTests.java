package com.crmtelephony.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HousekeepingObservationsTests {

    private static final List<ObservationPredicate> BOTH_STACKS = List.of(
            new HousekeepingObservationsAutoConfiguration.Servlet().noHousekeepingObservations(),
            new HousekeepingObservationsAutoConfiguration.Reactive().noHousekeepingObservations());

    @ParameterizedTest
    @CsvSource({
            "/actuator/health/readiness, false",
            "/actuator/prometheus, false",
            "/actuator, false",
            "/eureka/apps/CDR-SERVICE/localhost:cdr-service:8901, false",
            "/cdr/reports, true",
            "/actuatorial/report, true",
            "/cdr-service/actuator/env, true",
            "/phone_book/eureka/x, true"})
    void serverRequestsForHousekeepingAreNotObservedOnEitherStack(String path, boolean observed) {
        var servlet = new org.springframework.http.server.observation.ServerRequestObservationContext(
                new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
        assertThat(BOTH_STACKS.get(0).test("http.server.requests", servlet)).isEqualTo(observed);

        ServerHttpRequest request = mock(ServerHttpRequest.class);
        when(request.getPath()).thenReturn(RequestPath.parse(path, null));
        var reactive = new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(
                request, mock(ServerHttpResponse.class), Map.of());
        assertThat(BOTH_STACKS.get(1).test("http.server.requests", reactive)).isEqualTo(observed);
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8761/eureka/apps/delta, false",
            "http://discovery-server:8761/eureka/apps/API-GATEWAY/localhost:api-gateway:8665, false",
            "http://phonebook-service/phone_book/lookup, true",
            "http://localhost:3030/get_cdr?eureka=/eureka/, true"})
    void callsToTheRegistryAreNotObserved(String uri, boolean observed) {
        ClientHttpRequest request = mock(ClientHttpRequest.class);
        when(request.getURI()).thenReturn(URI.create(uri));
        when(request.getMethod()).thenReturn(HttpMethod.PUT);
        for (ObservationPredicate predicate : BOTH_STACKS) {
            assertThat(predicate.test("http.client.requests", new ClientRequestObservationContext(request)))
                    .isEqualTo(observed);
        }
    }

    @ParameterizedTest
    @CsvSource({"jdbc.query", "tasks.scheduled.execution"})
    void everythingElseIsObserved(String name) {
        for (ObservationPredicate predicate : BOTH_STACKS) {
            assertThat(predicate.test(name, new Observation.Context())).isTrue();
        }
    }
}
