package com.crmtelephony.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes of config-repo/api-gateway.yml against a stub "cdr-service" found through the
 * simple discovery client (no Eureka in this test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "spring.cloud.loadbalancer.cache.enabled=false"})
class GatewayRoutingTests extends GatewayTest {

    /** The demo admin key of config-repo (its hash is configured there). */
    static final String KEY = "crm-demo-admin-key";

    @Autowired
    AbstractApplicationContext context;

    /**
     * A registry fetch (its heartbeat counter moves every time) rebuilds no route: the routes
     * name services, resolved per request. A configuration refresh still does.
     */
    @Test
    void routesAreRebuiltOnAConfigurationRefreshNotOnEveryRegistryFetch() {
        List<ApplicationEvent> rebuilt = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = e -> {
            if (e instanceof RefreshRoutesEvent) {
                rebuilt.add(e);
            }
        };
        context.addApplicationListener(listener);
        try {
            for (long fetch = 1_000; fetch < 1_005; fetch++) {
                context.publishEvent(new HeartbeatEvent(this, fetch));
            }
            assertThat(rebuilt).as("rebuilt on a registry fetch").isEmpty();
            context.publishEvent(new RefreshScopeRefreshedEvent());
            assertThat(rebuilt).as("rebuilt on a configuration refresh").hasSize(1);
        } finally {
            context.removeApplicationListener(listener);
        }
        routesByServiceIdWithThePrefixStripped();
    }

    @Test
    void routesByServiceIdWithThePrefixStripped() {
        client.get().uri("/cdr-service/cdr/get?from=x").header("X-API-Key", KEY).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"ok\":true}");
        assertThat(downstream.received).singleElement().satisfies(r -> {
            assertThat(r.uri()).isEqualTo("/cdr/get?from=x");
            assertThat(r.header("X-Forwarded-Prefix")).isEqualTo("/cdr-service");
        });
    }

    @Test
    void theServiceContinuesTheGatewaysTrace() {
        String traceId = client.get().uri("/cdr-service/cdr/get").header("X-API-Key", KEY).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Trace-Id");
        assertThat(traceId).hasSize(32);
        assertThat(downstream.received).singleElement()
                .satisfies(r -> assertThat(r.header("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-0[01]"));
    }

    @Test
    void aClientsTraceFlowsOnWithTheGatewaysSpanAsParent() {
        String clientTrace = "0af7651916cd43dd8448eb211c80319c";
        String clientSpan = "b7ad6b7169203331";
        client.get().uri("/cdr-service/cdr/get").header("X-API-Key", KEY)
                .header("traceparent", "00-" + clientTrace + "-" + clientSpan + "-01").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Trace-Id", clientTrace);
        assertThat(downstream.received).singleElement().satisfies(r -> assertThat(r.header("traceparent"))
                .startsWith("00-" + clientTrace + "-")
                .doesNotContain(clientSpan));
    }

    @Test
    void neverForwardsToAServiceActuator() {
        for (String path : List.of("/cdr-service/actuator", "/cdr-service/actuator/env",
                "/cdr-service/actuator/refresh")) {
            client.post().uri(path).header("X-API-Key", KEY).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(404);
        }
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void unknownPathsAndInfrastructureAreNotRouted() {
        for (String path : List.of("/nope", "/discovery-server/eureka/apps",
                "/configuration-service/cdr-service/default", "/eureka/apps")) {
            client.get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.instance").isEqualTo(path);
        }
        assertThat(downstream.received).isEmpty();
    }

    @Test
    void aServiceWithNoInstanceIsA503Problem() {
        client.get().uri("/phonebook-service/phone_book/records").header("X-API-Key", KEY).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Service Unavailable");
    }

    @Test
    void oneSwaggerUiListsEveryService() {
        client.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.urls.length()").isEqualTo(4)
                .jsonPath("$.urls[?(@.name == 'cdr-service')].url").isEqualTo("/cdr-service/v3/api-docs")
                .jsonPath("$.urls[?(@.name == 'phonebook-service')].url").isEqualTo("/phonebook-service/v3/api-docs")
                .jsonPath("$.urls[?(@.name == 'pbx-integration-service')].url")
                .isEqualTo("/pbx-integration-service/v3/api-docs")
                .jsonPath("$.urls[?(@.name == 'tenant-service')].url").isEqualTo("/tenant-service/v3/api-docs");
    }
}
