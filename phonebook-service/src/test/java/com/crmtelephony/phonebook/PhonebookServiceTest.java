package com.crmtelephony.phonebook;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.crmtelephony.testsupport.TenantRegistryStub;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Base of phonebook-service's tests: the whole service on a real (embedded) PostgreSQL. Every
 * test class shares one application context; each test works in fresh tenants. Requests carry
 * tokens as the gateway signs them (TestTokens).
 */
@SpringBootTest(properties = {
        "crm.phonebook.default-region=CY",
        "crm.phonebook.tenant-regions.00000000-0000-0000-0000-00000000000b=GB",
        "crm.phonebook.max-list-size=50",
        "crm.phonebook.max-import-rows=20000",
        // A tenant whose share of job slots is used up (CsvImportJobTests).
        "crm.shares.tenants.00000000-0000-0000-0000-0000000000f0.jobs=0",
        // Every step of a job's progress written, so that a test sees it move.
        "crm.jobs.flush-every=0ms",
        // Tenants' profiles asked of the (stub) registry again after a second: a test's change is seen soon.
        "crm.registry.profiles.fresh-for=1s"})
@AutoConfigureMockMvc
public abstract class PhonebookServiceTest {

    /** A tenant whose numbers without a country code are British (see properties above). */
    protected static final UUID BRITISH_TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    /** A tenant with no job slot left (see properties above): its async work is 429 at once. */
    protected static final UUID NO_JOB_SLOTS_TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000f0");

    /** The tenant registry: tenants' regions and shares; a tenant no test registered is 404 there. */
    protected static final TenantRegistryStub registry = new TenantRegistryStub();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry properties) {
        TestTokens.register(properties);
        properties.add("spring.cloud.discovery.client.simple.instances.tenant-service[0].uri", registry::url);
    }

    @BeforeEach
    void registryUp() {
        registry.reset();
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected JdbcTemplate jdbc;

    protected static UUID newTenant() {
        return UUID.randomUUID();
    }

    protected ResultActions postRecords(UUID tenant, String json) throws Exception {
        return mvc.perform(post("/phone_book/records").with(tenant(tenant))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    protected ResultActions getRecord(UUID tenant, String number) throws Exception {
        return mvc.perform(get("/phone_book/records/{n}", number).with(tenant(tenant)));
    }

    protected ResultActions importCsv(UUID tenant, String csv) throws Exception {
        return mvc.perform(post("/phone_book/records/import").with(tenant(tenant))
                .contentType("text/csv").content(csv));
    }

    protected long stored(UUID tenant) {
        return jdbc.queryForObject("select count(*) from contact where tenant_id = ?", Long.class, tenant);
    }

    protected long allStored() {
        return jdbc.queryForObject("select count(*) from contact", Long.class);
    }
}
