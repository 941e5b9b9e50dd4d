package com.crmtelephony.gateway;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the gateway's tests: the gateway on a random port (configured by
 * config-repo/api-gateway.yml, imported by each test) in front of a recording stub that is
 * "cdr-service" for the simple discovery client, and a stub of the tenant registry that the gateway
 * hands the demo keys of config-repo's demo profile to at its start. The stubs live as long as the
 * test JVM.
 */
abstract class GatewayTest {

    static final Downstream downstream = new Downstream();
    static final Registry registry = new Registry();

    @DynamicPropertySource
    static void cdrService(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.cdr-service[0].uri", downstream::url);
        registry.add("crm.gateway.registry.url", GatewayTest.registry::url);
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    WebTestClient client;

    /** This gateway's hand-over of its configured keys: up once the registry took them. */
    @Autowired
    @Qualifier("configuredKeys")
    HealthIndicator configuredKeys;

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        downstream.received.clear();
        registry.down = false;
        awaitKeysHandedOver();
    }

    /**
     * Waits for this gateway to have handed its configured keys to the registry. Its own hand-over,
     * not the registry's content: the registry outlives each test's gateway, and an earlier gateway
     * handed over the same demo keys already.
     */
    void awaitKeysHandedOver() {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!Status.UP.equals(configuredKeys.health().getStatus())) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the gateway did not hand over its configured keys: " + configuredKeys.health());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(registry.byName("demo-tenant-1").tenant()).isNotNull();
    }
}
