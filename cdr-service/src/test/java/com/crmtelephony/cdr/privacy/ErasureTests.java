package com.crmtelephony.cdr.privacy;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PbxIntegrationStub;
import com.crmtelephony.cdr.PhonebookStub;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * POST /cdr/privacy/erasures: a person's number leaves the tenant's calls for a stable
 * pseudonym (the counts stay), the phone book and pbx-integration-service are asked to do their
 * parts, the receipt is the same for the same request, and a later sync does not bring the
 * number back; another tenant's data and the other numbers stay as they were.
 */
class ErasureTests extends CdrServiceTest {

    static final JsonMapper json = JsonMapper.builder().build();
    static final String PERSON = "35799400001";

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.beans.factory.ObjectProvider<com.crmtelephony.support.privacy.ErasureStep> steps;

    @BeforeEach
    void phoneBookKeysNumbersAsE164() {
        // As the phone book: a number's E.164 key; none for what is no number (a pseudonym).
        phonebook.keyNumbersWith(n -> n.matches("\\+?[0-9]{3,15}") ? "+" + n.replaceAll("^(\\+|00)", "") : null);
    }

    private static String call(String uuid, String caller, String destination, String direction, String name) {
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"%s","direction":"%s",%s
                 "call_start":"2024-05-01T10:00:00Z","answer_start":"2024-05-01T10:00:05Z","call_end":"2024-05-01T10:01:05Z",
                 "action":"HANGUP"}""".formatted(uuid, caller, destination, direction,
                name == null ? "" : "\"caller_name\":\"" + name + "\",");
    }

    /** Three calls with the person (two written forms), two with someone else. */
    private void storeCalls(UUID tenant) throws Exception {
        postCalls(tenant, "[" + String.join(",",
                call("e-1", PERSON, "101", "inbound", "Alice"),
                call("e-2", "101", PERSON, "outbound", null),
                call("e-3", "00" + PERSON, "102", "inbound", "Alice"),
                call("e-4", "35799400002", "101", "inbound", "Bob"),
                call("e-5", "101", "35799400002", "outbound", null)) + "]").andExpect(status().isOk());
        phonebook.contacts().put(tenant, Map.of("+" + PERSON, "Alice", "+35799400002", "Bob"));
        // What a report learns from the phone book: both forms of the person's number are one.
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(status().isOk());
    }

    private ResultActions erase(UUID caller, String body) throws Exception {
        return mvc.perform(post("/cdr/privacy/erasures").with(tenant(caller)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private long callsWith(UUID tenant, String number) {
        return count("select count(*) from call_record where tenant_id = ? and (caller_number = ? or destination_number = ?)",
                tenant, number, number);
    }

    @Test
    void thePersonsNumberBecomesOnePseudonymEverywhereAndTheCountsStay() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        storeCalls(tenant);
        storeCalls(other);
        assertThat(count("select count(*) from number_match where tenant_id = ? and normalized = ?", tenant, "+" + PERSON))
                .isEqualTo(2);

        String answer = erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"+357 99 400001\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/cdr/privacy/erasures/")))
                .andExpect(jsonPath("$.state").value("completed"))
                .andExpect(jsonPath("$.kind").value("number"))
                .andExpect(jsonPath("$.steps.calls").value(3))
                .andExpect(jsonPath("$.steps.contacts").value(1))
                .andReturn().getResponse().getContentAsString();
        assertThat(answer).doesNotContain("400001");
        JsonNode receipt = json.readTree(answer);
        String pseudonym = receipt.get("pseudonyms").get(0).asString();
        assertThat(pseudonym).startsWith("erased-");

        assertThat(callsWith(tenant, PERSON) + callsWith(tenant, "00" + PERSON)).isZero();
        assertThat(callsWith(tenant, pseudonym)).isEqualTo(3);
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_name = 'Alice'", tenant)).isZero();
        assertThat(storedCalls(tenant)).isEqualTo(5);
        assertThat(callsWith(tenant, "35799400002")).isEqualTo(2);
        assertThat(count("select count(*) from call_event where tenant_id = ? and (caller_number like '%400001' "
                + "or destination_number like '%400001')", tenant)).isZero();
        assertThat(count("select count(*) from number_match where tenant_id = ? and number like '%400001'", tenant)).isZero();
        assertThat(noRawNumberAnywhere(tenant, "400001")).isEmpty();
        // The report: the person's three calls are still three calls with one party.
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.total_number_of_calls").value(5))
                .andExpect(jsonPath("$.top_numbers[?(@.number == '" + pseudonym + "')].calls").value(
                        org.hamcrest.Matchers.contains(3)));
        // The other services were asked, for this tenant, with cdr-service's own token: no caller's
        // token may run their parts (config-repo), however admin.
        assertThat(phonebook.erasures()).containsExactly(Map.entry(tenant, Map.of("number", "+35799400001")));
        assertThat(com.crmtelephony.testsupport.TestTokens.verifiedClaims(
                phonebook.erasureAuthorizations().get(0), com.crmtelephony.testsupport.TestTokens.CDR))
                .containsEntry("iss", "cdr-service").containsEntry("role", "admin");
        assertThat(pbx.erasures()).singleElement().satisfies(body ->
                assertThat(body).contains("\"35799400001\"", "\"0035799400001\""));
        // Nobody else's data moved.
        assertThat(callsWith(other, PERSON)).isEqualTo(2);
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_name = 'Alice'", other)).isEqualTo(2);

        // The same request again: the same receipt, nothing done twice.
        erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"+35799400001\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(receipt.get("id").asString()));
        assertThat(pbx.erasures()).hasSize(1);
        mvc.perform(get("/cdr/privacy/erasures/" + receipt.get("id").asString()).with(tenant(tenant)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.pseudonyms[0]").value(pseudonym));
        mvc.perform(get("/cdr/privacy/erasures/" + receipt.get("id").asString()).with(tenant(other)))
                .andExpect(status().isNotFound());
        assertThat(count("select count(*) from erasure where tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(jdbc.queryForList("select subject_key from erasure where tenant_id = ?", String.class, tenant))
                .noneMatch(k -> k.contains("400001"));
    }

    @Test
    void aSyncAfterTheErasureStoresThePseudonymNotThePerson() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        String pseudonym = json.readTree(erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"" + PERSON + "\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("pseudonyms").get(0).asString();

        // The PBX has the calls still, and a new one: a sync pages them all again.
        postCalls(tenant, "[" + call("e-1", PERSON, "101", "inbound", "Alice") + ","
                + call("e-6", "00" + PERSON, "101", "inbound", "Alice") + "]").andExpect(status().isOk());

        assertThat(callsWith(tenant, PERSON) + callsWith(tenant, "00" + PERSON)).isZero();
        assertThat(callsWith(tenant, pseudonym)).isEqualTo(4);
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_name = 'Alice'", tenant)).isZero();
        // One per form: as asked (E.164) and as the calls held it.
        assertThat(count("select count(*) from erased_number where tenant_id = ?", tenant)).isEqualTo(3);
        assertThat(jdbc.queryForList("select number_key from erased_number where tenant_id = ?", String.class, tenant))
                .noneMatch(k -> k.contains("400001"));
    }

    @Test
    void aFailedServiceLeavesTheErasureIncompleteAndTheSameRequestFinishesIt() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        String body = "{\"tenant\":\"" + tenant + "\",\"number\":\"" + PERSON + "\"}";

        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        String failed = erase(tenant, body).andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.erasure").exists())
                .andReturn().getResponse().getContentAsString();
        String id = json.readTree(failed).get("erasure").asString();
        assertThat(callsWith(tenant, PERSON)).as("nothing of the calls changed before the phone book's part").isEqualTo(2);
        mvc.perform(get("/cdr/privacy/erasures/" + id).with(tenant(tenant))).andExpect(jsonPath("$.state").value("incomplete"))
                .andExpect(jsonPath("$.steps.failedAt").value("phonebook-service"));

        phonebook.mode().set(PhonebookStub.Mode.UP);
        pbx.mode(PbxIntegrationStub.Mode.DOWN);
        erase(tenant, body).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.erasure").value(id));
        assertThat(callsWith(tenant, PERSON)).as("the calls' part is done and stays done").isZero();

        pbx.mode(PbxIntegrationStub.Mode.PAGED);
        erase(tenant, body).andExpect(status().isOk()).andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.state").value("completed")).andExpect(jsonPath("$.steps.webhooks").value(2));
    }

    @Test
    void badRequestsAreRefusedAndNothingIsErased() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        for (String body : new String[] {"", "{}", "{\"tenant\":\"" + tenant + "\"}",
                "{\"tenant\":\"" + tenant + "\",\"number\":\"" + PERSON + "\",\"email\":\"a@b.cy\"}",
                "{\"tenant\":\"" + tenant + "\",\"number\":\"call me\"}", "{\"tenant\":\"" + tenant + "\",\"number\":\"12\"}",
                "{\"tenant\":\"" + tenant + "\",\"email\":\"not an address\"}", "{\"number\":\"" + PERSON + "\"}",
                "{\"tenant\":\"nope\",\"number\":\"" + PERSON + "\"}", "[]"}) {
            erase(tenant, body).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        // A tenant's key does not erase in another tenant's data; an admin's may.
        UUID other = newTenant();
        storeCalls(other);
        erase(tenant, "{\"tenant\":\"" + other + "\",\"number\":\"" + PERSON + "\"}").andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(callsWith(tenant, PERSON)).isEqualTo(2);
        assertThat(callsWith(other, PERSON)).isEqualTo(2);
        assertThat(count("select count(*) from erasure where tenant_id in (?, ?)", tenant, other)).isZero();
        assertThat(phonebook.erasures()).isEmpty();

        mvc.perform(post("/cdr/privacy/erasures").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\":\"" + other + "\",\"number\":\"" + PERSON + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.requestedBy").exists());
        assertThat(callsWith(other, PERSON)).isZero();
        assertThat(callsWith(tenant, PERSON)).isEqualTo(2);
    }

    @Test
    void anAddressErasesTheContactsThePhoneBookHasForIt() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        erase(tenant, "{\"tenant\":\"" + tenant + "\",\"email\":\"Nobody@Example.com\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("email")).andExpect(jsonPath("$.steps.calls").value(0));
        assertThat(phonebook.erasures()).containsExactly(Map.entry(tenant, Map.of("email", "nobody@example.com")));
        assertThat(callsWith(tenant, PERSON)).isEqualTo(2);
    }

    /**
     * Issue 37: after an erasure, every written form of the number, through every write path
     * (post, put, a sync), is stored under the one pseudonym: none in clear, none under another.
     */
    @Test
    void everyWrittenFormOfAnErasedNumberIsStoredAsTheOnePseudonym() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        String pseudonym = json.readTree(erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"+357 99 400001\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("pseudonyms").get(0).asString();
        phonebook.contacts().put(tenant, Map.of("+" + PERSON, "Alice"));

        // JSON numbers and strings, with and without the country code, the international prefix, a + before it.
        String[] forms = {"35799400001", "\"35799400001\"", "\"0035799400001\"", "\"99400001\"", "99400001",
                "\"+0035799400001\"", "\"+35799400001\"", "35799400001"};
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < forms.length - 2; i++) {
            batch.append(i == 0 ? "" : ",").append("""
                    {"uuid":"f-%d","caller_number":%s,"destination_number":"101","direction":"inbound","caller_name":"Alice",
                     "call_start":"2024-05-02T10:00:00Z","action":"HANGUP","click_to_call_data":"call %s back"}"""
                    .formatted(i, forms[i], forms[i].replace("\"", "")));
        }
        postCalls(tenant, batch.append("]").toString()).andExpect(status().isOk());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/cdr/put").with(tenant(tenant))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"uuid":"f-put","callerNumber":"101","destinationNumber":%s,"direction":"outbound",
                         "callStart":"2024-05-02T11:00:00Z","action":"HANGUP"}""".formatted(forms[6])))
                .andExpect(status().is2xxSuccessful());
        pbx.calls(tenant).add(PbxIntegrationStub.pbxCall("f-sync", 35799400001L, "Alice", "HANGUP"));
        mvc.perform(post("/cdr/update_cdr").with(tenant(tenant))).andExpect(status().isOk());

        assertThat(count("select count(*) from call_record where tenant_id = ? and (caller_number like '%400001' "
                + "or destination_number like '%400001' or click_to_call_data like '%400001%')", tenant))
                .as("no form of the number in clear").isZero();
        assertThat(count("select count(*) from call_record where tenant_id = ? and uuid like 'f-%' "
                + "and (caller_number = ? or destination_number = ?)", tenant, pseudonym, pseudonym))
                .as("each under the one pseudonym").isEqualTo(forms.length);
        assertThat(jdbc.queryForList("select distinct caller_number from call_record where tenant_id = ? and caller_number like 'erased-%'",
                String.class, tenant)).containsExactly(pseudonym);
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_name = 'Alice'", tenant)).isZero();
        assertThat(count("select count(*) from call_event where tenant_id = ? and (caller_number like '%400001' "
                + "or destination_number like '%400001')", tenant)).isZero();
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(jsonPath("$.top_numbers[?(@.number =~ /.*400001.*/)]").isEmpty());
        assertThat(noRawNumberAnywhere(tenant, "400001")).as("no table keeps it, once the report has folded").isEmpty();
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(jsonPath("$.top_numbers[?(@.number == '" + pseudonym + "')].calls").value(
                        org.hamcrest.Matchers.contains(3 + forms.length)));
    }

    /**
     * Issue 39: a tenant's region is the registry's. A Greek tenant's erased mobile number, written
     * later in its national form (no country code), meets its tombstone: read in the deployment's
     * region (CY) it would be another key, and stored in clear.
     */
    @Test
    void aTenantsNumbersAreKeyedInTheRegionTheRegistryHoldsForIt() throws Exception {
        UUID greek = newTenant();
        registry.put(greek, "GR", "Europe/Athens", Map.of());
        String pseudonym = json.readTree(erase(greek, "{\"tenant\":\"" + greek + "\",\"number\":\"+30 694 123 4567\"}")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("pseudonyms").get(0).asString();
        postCalls(greek, "[" + call("gr-1", "6941234567", "101", "inbound", null) + "]").andExpect(status().isOk());
        assertThat(callsWith(greek, pseudonym)).isEqualTo(1);
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_number like '%1234567'", greek)).isZero();
        assertThat(registry.paths).contains("/profiles/" + greek);
    }

    /**
     * Issue 39: while the registry has never said a tenant's region and cannot, what needs it is
     * 503 and nothing is erased or stored under a key of a guessed region (which the same number
     * written otherwise would not meet). Calls of a tenant with no erased number need no key.
     */
    @Test
    void withTheRegistryDownBeforeItNamedTheTenantsRegionAnErasureIs503AndNothingIsErased() throws Exception {
        UUID tenant = newTenant();
        registry.put(tenant, "GR", "Europe/Athens", Map.of());
        registry.down = true;
        postCalls(tenant, "[" + call("down-1", "6941234567", "101", "inbound", null) + "]").andExpect(status().isOk());
        erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"6941234567\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("tenant-service")));
        assertThat(count("select count(*) from erased_number where tenant_id = ?", tenant)).isZero();
        assertThat(callsWith(tenant, "6941234567")).isEqualTo(1);
        registry.down = false;
        await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(500)).until(() ->
                erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"6941234567\"}").andReturn().getResponse().getStatus() == 201);
        postCalls(tenant, "[" + call("down-2", "00306941234567", "101", "inbound", null) + "]").andExpect(status().isOk());
        assertThat(count("select count(*) from call_record where tenant_id = ? and caller_number like '%1234567'", tenant))
                .as("the national form read as Greek, and the international one, meet one tombstone").isZero();
    }

    /**
     * Stores and an erasure of one tenant are ordered: calls posted while the erasure runs are
     * either pseudonymised by it or stored after it under the pseudonym; no raw number is left.
     */
    @Test
    void callsStoredWhileAnErasureRunsKeepNoRawNumber() throws Exception {
        UUID tenant = newTenant();
        storeCalls(tenant);
        java.util.concurrent.atomic.AtomicBoolean erasing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            // Bounded: until the erasure has ended and five more batches went in, 2,000 batches at most.
            int after = 0;
            for (int i = 0; i < 2_000 && after < 5; i++) {
                try {
                    postCalls(tenant, "[" + call("w-" + i, i % 2 == 0 ? PERSON : "00" + PERSON, "101", "inbound", "Alice") + ","
                            + call("w-" + i + "-b", "101", "99400001", "outbound", null) + "]").andExpect(status().isOk());
                    stored.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                after += erasing.get() ? 0 : 1;
            }
        });
        writer.start();
        try {
            erase(tenant, "{\"tenant\":\"" + tenant + "\",\"number\":\"" + PERSON + "\"}").andExpect(status().isCreated());
        } finally {
            erasing.set(false);
        }
        writer.join(120_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(stored.get()).isPositive();
        assertThat(count("select count(*) from call_record where tenant_id = ? and (caller_number like '%400001' "
                + "or destination_number like '%400001')", tenant)).as("no raw number left").isZero();
        assertThat(count("select count(*) from call_event where tenant_id = ? and (caller_number like '%400001' "
                + "or destination_number like '%400001')", tenant)).isZero();
        assertThat(count("select count(*) from webhook_delivery d join call_event e on e.id = d.event_id where e.tenant_id = ?"
                + " and (e.caller_number like '%400001' or e.destination_number like '%400001')", tenant)).isZero();
        assertThat(count("select count(*) from number_match where tenant_id = ? and number like '%400001'", tenant)).isZero();
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(status().isOk());
        assertThat(noRawNumberAnywhere(tenant, "400001")).isEmpty();
    }

    /** A NUL in the address is 400 naming the field here, before any other service is asked. */
    @Test
    void controlCharactersInAnAddressAreABadRequestBeforeAnyServiceIsAsked() throws Exception {
        UUID tenant = newTenant();
        erase(tenant, "{\"tenant\":\"" + tenant + "\",\"email\":\"alice\\u0000@example.com\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("email")));
        assertThat(phonebook.erasures()).isEmpty();
        assertThat(count("select count(*) from erasure where tenant_id = ?", tenant)).isZero();
    }

    /**
     * Every text column of every table of this service's database that holds the digits for the
     * tenant (or anywhere, for tables without a tenant): a table added later that keeps a number
     * and has no erasure step fails here, once the scenario above writes to it.
     */
    private java.util.List<String> noRawNumberAnywhere(UUID tenant, String digits) {
        java.util.List<String> found = new java.util.ArrayList<>();
        jdbc.query("""
                select c.table_name, c.column_name,
                       exists (select 1 from information_schema.columns t where t.table_schema = 'public'
                               and t.table_name = c.table_name and t.column_name = 'tenant_id') as tenanted
                from information_schema.columns c join information_schema.tables tb
                  on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
                where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')""",
                rs -> {
                    String table = rs.getString(1);
                    String column = rs.getString(2);
                    String sql = "select count(*) from \"" + table + "\" where \"" + column + "\"::text like ?"
                            + (rs.getBoolean(3) ? " and tenant_id = ?" : "");
                    Long n = rs.getBoolean(3) ? jdbc.queryForObject(sql, Long.class, "%" + digits + "%", tenant)
                            : jdbc.queryForObject(sql, Long.class, "%" + digits + "%");
                    if (n != null && n > 0) {
                        found.add(table + "." + column + ": " + n);
                    }
                });
        return found;
    }

    /** Issue 37 and 38: every table with a column that names a number or an address is one erasure step's. */
    @Test
    void everyTableThatHoldsANumberOrAnAddressHasAnErasureStep() {
        assertThat(com.crmtelephony.testsupport.PersonalColumns.uncovered(jdbc, "(number|phone|email|caller|destination|click_to_call_data|^key$|^normalized$)", java.util.List.of("number_key", "subject_key"),
                new com.crmtelephony.support.privacy.ErasureSteps(steps).tables())).isEmpty();
    }
}
