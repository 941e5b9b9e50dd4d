package com.crmtelephony.cdr;

import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.SlowReceivers;
import com.crmtelephony.testsupport.TenantRegistryStub;
import com.crmtelephony.testsupport.WebhookReceiver;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Base of cdr-service's tests: the whole service on a real (embedded) PostgreSQL, with
 * phonebook-service and pbx-integration-service replaced by HTTP stubs found through the simple
 * discovery client. Requests carry tokens as the gateway signs them (TestTokens).
 * Every test class shares one application context; each test works in fresh tenants.
 */
@SpringBootTest(properties = {
        "crm.web.max-request-size=512KB",
        "resilience4j.timelimiter.instances.phonebook-service.timeout-duration=1s",
        "crm.cdr.lookup-batch-size=2",
        "crm.sync.page-size=2",
        "resilience4j.timelimiter.instances.pbx-integration-service.base-config=default",
        "resilience4j.timelimiter.instances.pbx-integration-service.timeout-duration=5s",
        "spring.cloud.loadbalancer.cache.enabled=false",
        // Webhook events are named when a test says so (CallerNames.fillPending), not in between
        // other tests' counts of phone book requests.
        "crm.cdr.names.fill-delay=PT1H",
        // Tests run the scheduled syncs one after another; one instance holds no lock past its run.
        "crm.sync.nightly-lock-at-least=PT0S",
        "crm.sync.reconcile-lock-at-least=PT0S",
        // Live streams: a heartbeat a test can wait for, and streams that end while the tests run.
        "crm.live.heartbeat=1s",
        "crm.live.listen-check=1s",
        "crm.live.max-age=20s",
        // Webhooks to tenants' endpoints: retried and disabled within a test's patience.
        // Reconciliation reports are computed afresh for each request (ReconciliationTests try the cache).
        "crm.reconciliation.cache=0s",
        "crm.outbound.poll=100ms",
        "crm.outbound.timeout=3s",
        "crm.outbound.lease=1500ms",
        "crm.outbound.first-retry=100ms",
        "crm.outbound.max-retry=400ms",
        "crm.outbound.disable-after=3s",
        // Retention removes in batches of two: a test's few calls take several.
        "crm.retention.batch=2",
        "crm.retention.first-run=1h",
        // Tenants' profiles asked of the (stub) registry again after a second: a test's change is seen soon.
        "crm.registry.profiles.fresh-for=1s",
        // A test key for erased numbers' HMACs (PRIVACY_KEY in a real run).
        "crm.privacy.pseudonym-key=test-only-pseudonym-key-of-32-characters"})
@AutoConfigureMockMvc
public abstract class CdrServiceTest {

    protected static final PhonebookStub phonebook = new PhonebookStub();
    protected static final PbxIntegrationStub pbx = new PbxIntegrationStub();
    /** The tenant registry: tenants' regions, zones and shares; a tenant no test registered is 404 there. */
    protected static final TenantRegistryStub registry = new TenantRegistryStub();
    /** Tenants' webhook endpoints; on loopback, allowed as a target by name (crm.outbound.allowed-targets). */
    protected static final WebhookReceiver receiver = new WebhookReceiver();
    /** A greedy tenant's receivers: one never answers, one trickles its body (allowed targets too). */
    protected static final SlowReceivers slow = new SlowReceivers();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.phonebook-service[0].uri", phonebook::url);
        registry.add("spring.cloud.discovery.client.simple.instances.pbx-integration-service[0].uri", pbx::url);
        registry.add("spring.cloud.discovery.client.simple.instances.tenant-service[0].uri", CdrServiceTest.registry::url);
        registry.add("crm.outbound.allowed-targets[0]", receiver::target);
        registry.add("crm.outbound.allowed-targets[1]", slow::silentTarget);
        registry.add("crm.outbound.allowed-targets[2]", slow::tricklingTarget);
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected JdbcTemplate jdbc;
    /** The service's meters, as Prometheus scrapes them. */
    @Autowired
    protected io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    private CircuitBreakerRegistry breakers;

    @BeforeEach
    void resetDependencies() {
        phonebook.reset();
        pbx.reset();
        registry.reset();
        receiver.reset();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    protected static UUID newTenant() {
        return UUID.randomUUID();
    }

    protected ResultActions postCalls(UUID tenant, String json) throws Exception {
        return mvc.perform(post("/cdr/post").with(tenant(tenant))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    protected ResultActions getCalls(UUID tenant) throws Exception {
        return mvc.perform(get("/cdr/get").with(tenant(tenant)));
    }

    protected long storedCalls(UUID tenant) {
        return jdbc.queryForObject("select count(*) from call_record where tenant_id = ?", Long.class, tenant);
    }

    protected long allStoredCalls() {
        return jdbc.queryForObject("select count(*) from call_record", Long.class);
    }

    /** A minimal valid call in the PBX's snake_case wire format. */
    protected static String call(String uuid, String action, String callStart) {
        return """
                {"uuid":"%s","domain_name":"acme.pbx","caller_number":35799000001,"destination_number":"2000",
                 "direction":"inbound","call_start":"%s","action":"%s","recording":"rec-%s"}""".formatted(uuid, callStart, action, uuid);
    }
}
