package com.crmtelephony.pbx;


import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.crmtelephony.testsupport.TestTokens;


/**
 * Base of pbx-integration-service's tests: the PBX and cdr-service are HTTP stubs found
 * through the simple discovery client, as Eureka would find them.
 */
@SpringBootTest(properties = {
        "spring.http.clients.read-timeout=1s",
        "resilience4j.timelimiter.configs.default.timeout-duration=3s",
        "crm.pbx.subscribe=false",
        "crm.pbx.webhook-secret=" + PbxIntegrationTest.SECRET,
        "crm.pbx.tenants=11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222",
        "crm.web.limits[0].path=/pbx/webhook",
        "crm.web.limits[0].max-size=64KB",
        "spring.cloud.loadbalancer.cache.enabled=false"})
@AutoConfigureMockMvc
public abstract class PbxIntegrationTest {

    protected static final String SECRET = "a-shared-secret-for-tests";
    protected static final StubServer pbx = new StubServer();
    protected static final StubServer cdr = new StubServer();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.mock-pbx[0].uri", pbx::url);
        registry.add("spring.cloud.discovery.client.simple.instances.cdr-service[0].uri", cdr::url);
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    private CircuitBreakerRegistry breakers;

    @BeforeEach
    void closeCircuits() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** After, not before: what a new context did while starting stays visible to its first test. */
    @AfterEach
    void resetStubs() {
        pbx.reset();
        cdr.reset();
    }
}
