package com.crmtelephony.gateway;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.crmtelephony.testsupport.TestTokens;

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

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        downstream.received.clear();
        registry.down = false;
        registry.awaitImported(4);
    }
}
