package com.crmtelephony.pbx;


import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


/**
 * Base of pbx-integration-service's tests: the PBX and cdr-service are HTTP stubs found
 * through the simple discovery client, as Eureka would find them; the inbox is in an embedded
 * PostgreSQL, shared by the test classes (each test uses call and message ids of its own).
 */
@SpringBootTest(properties = {
        "spring.http.clients.read-timeout=1s",
        "resilience4j.timelimiter.configs.default.timeout-duration=3s",
        "crm.pbx.subscribe=false",
        // cdr-service stubbed down and up again: the forwarder tries again within a second.
        "crm.pbx.inbox.backoff-max=500ms",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=500ms",
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
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.mock-pbx[0].uri", pbx::url);
        registry.add("spring.cloud.discovery.client.simple.instances.cdr-service[0].uri", cdr::url);
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private CircuitBreakerRegistry breakers;

    @BeforeEach
    void closeCircuits() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** The events of call {@code uuid} that cdr-service took (answered 2xx), each batch's in order. */
    protected static List<String> forwardedEventsOf(String uuid) {
        return cdr.requests("POST /cdr/post").stream().filter(r -> r.answered() / 100 == 2)
                .flatMap(r -> JSON.readTree(r.body()).valueStream())
                .filter(event -> uuid.equals(event.path("uuid").asString()))
                .map(JsonNode::toString).toList();
    }

    protected static void awaitForwarded(String uuid, int events) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(forwardedEventsOf(uuid)).hasSize(events));
    }

    protected static final String OPERATOR = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("management:test-only-management-password".getBytes());

    /** The inbox's rows for the tenant's message id. */
    protected long stored(String tenant, String id) {
        return jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?::uuid and id = ?", Long.class,
                tenant, id);
    }

    /** After, not before: what a new context did while starting stays visible to its first test. */
    @AfterEach
    void resetStubs() {
        pbx.reset();
        cdr.reset();
    }
}
