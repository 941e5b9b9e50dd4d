package com.crmtelephony.phonebook.contact;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The /phone_book/records endpoints on their happy paths, and tenant isolation. */
class ContactApiTests extends PhonebookServiceTest {

    static final String THREE = """
            [{"callerNumber":"35799123456","emailId":"alice@example.com","name":"Alice"},
             {"callerNumber":35799654321,"name":"Bob"},
             {"caller_number":"+44 7911 123456","email_id":"carol@example.co.uk","name":"Carol"}]""";

    @Test
    void aListIsUpsertedAndAReplayChangesNothing() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE).andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(3)).andExpect(jsonPath("$.inserted").value(3))
                .andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.unchanged").value(0));
        postRecords(tenant, THREE).andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(0)).andExpect(jsonPath("$.unchanged").value(3));
        postRecords(tenant, "[{\"callerNumber\":\"+35799123456\",\"name\":\"Alice B.\"}]")
                .andExpect(jsonPath("$.updated").value(1));
        assertThat(stored(tenant)).isEqualTo(3);
        getRecord(tenant, "99123456").andExpect(jsonPath("$.name").value("Alice B."))
                .andExpect(jsonPath("$.callerNumber").value("+35799123456"))
                .andExpect(jsonPath("$.emailId").doesNotExist());
    }

    @ParameterizedTest
    @ValueSource(strings = {"35799123456", "+35799123456", "0035799123456", "99123456", "+357 99 123456", "+357-99-123-456"})
    void aContactIsFoundWhateverFormatItsNumberIsGivenIn(String number) throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE).andExpect(status().isOk());
        getRecord(tenant, number).andExpect(status().isOk())
                .andExpect(jsonPath("$.callerNumber").value("35799123456"))
                .andExpect(jsonPath("$.emailId").value("alice@example.com"))
                .andExpect(jsonPath("$.name").value("Alice"))
                .andExpect(jsonPath("$.normalizedNumber").value("+35799123456"));
    }

    @Test
    void anUnknownNumberIs404() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE);
        getRecord(tenant, "35799999999").andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        getRecord(tenant, "not-a-number").andExpect(status().isNotFound());
    }

    @Test
    void listingReturnsAllByNameOrOnePageWithTheTotal() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE);
        mvc.perform(get("/phone_book/records").with(tenant(tenant)))
                .andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(3)))
                .andExpect(jsonPath("$[0].name").value("Alice")).andExpect(jsonPath("$[2].name").value("Carol"))
                .andExpect(header().doesNotExist("X-Total-Count"));
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("page", "1").param("size", "2"))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].name").value("Carol"))
                .andExpect(header().string("X-Total-Count", "3"));
    }

    @Test
    void searchMatchesAPartOfTheNameOrDigitsOfTheNumber() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE);
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "aRo"))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].name").value("Carol"));
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "654 321"))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].name").value("Bob"));
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "%")
                        .param("page", "0").param("size", "10"))
                .andExpect(jsonPath("$", hasSize(0))).andExpect(header().string("X-Total-Count", "0"));
    }

    @Test
    void putUpsertsOneAndReturnsItAsStored() throws Exception {
        UUID tenant = newTenant();
        mvc.perform(put("/phone_book/records").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"callerNumber\":\"0035799111222\",\"emailId\":\" dan@example.com \",\"name\":\" Dan \"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.callerNumber").value("0035799111222"))
                .andExpect(jsonPath("$.name").value("Dan"))
                .andExpect(jsonPath("$.emailId").value("dan@example.com"))
                .andExpect(jsonPath("$.normalizedNumber").value("+35799111222"));
        assertThat(stored(tenant)).isEqualTo(1);
    }

    @Test
    void deleteTakesRecordsOrNumbersInAnyFormatAndNamesThoseNotFound() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE);
        mvc.perform(request(org.springframework.http.HttpMethod.DELETE, "/phone_book/records")
                        .with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON)
                        .content("[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\"},\"+35799654321\",35799000000]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(3))
                .andExpect(jsonPath("$.deleted").value(2))
                .andExpect(jsonPath("$.notFound", hasSize(1)))
                .andExpect(jsonPath("$.notFound[0]").value("35799000000"));
        assertThat(stored(tenant)).isEqualTo(1);
    }

    @Test
    void lookupAnswersEachMatchedNumberAsAskedAndLeavesOutTheRest() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, THREE);
        mvc.perform(post("/phone_book/records/lookup").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[\"35799123456\", 35799654321, \"00447911123456\", \"2000\", \"35799000000\", \"+35799123456\"]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(4)))
                .andExpect(jsonPath("$[0].number").value("35799123456")).andExpect(jsonPath("$[0].name").value("Alice"))
                .andExpect(jsonPath("$[1].number").value("35799654321")).andExpect(jsonPath("$[1].name").value("Bob"))
                .andExpect(jsonPath("$[2].number").value("00447911123456")).andExpect(jsonPath("$[2].name").value("Carol"))
                .andExpect(jsonPath("$[3].number").value("+35799123456")).andExpect(jsonPath("$[3].name").value("Alice"));
    }

    /**
     * Issue 39: a tenant's region is the one the tenant registry holds (asked with this service's
     * own token); the configured ones are for tenants the registry does not know.
     */
    @Test
    void theRegionTheRegistryHoldsForATenantReadsItsNationalNumbers() throws Exception {
        UUID greek = newTenant();
        registry.put(greek, "GR", "Europe/Athens", java.util.Map.of());
        postRecords(greek, "[{\"callerNumber\":\"694 123 4567\",\"name\":\"Eleni\"}]").andExpect(status().isOk());
        getRecord(greek, "+30 694 123 4567").andExpect(jsonPath("$.name").value("Eleni"));
        getRecord(greek, "00306941234567").andExpect(jsonPath("$.name").value("Eleni"));
        assertThat(registry.authorizations).isNotEmpty().allSatisfy(a -> assertThat(
                com.crmtelephony.testsupport.TestTokens.verifiedClaims(a, com.crmtelephony.testsupport.TestTokens.PHONEBOOK))
                .containsEntry("iss", "phonebook-service"));
    }

    /** Issue 39: the registry down before it named the tenant's region: 503, nothing stored under a guessed key. */
    @Test
    void withTheRegistryDownBeforeItNamedTheRegionAContactIs503AndNothingIsStored() throws Exception {
        UUID greek = newTenant();
        registry.put(greek, "GR", "Europe/Athens", java.util.Map.of());
        registry.down = true;
        postRecords(greek, "[{\"callerNumber\":\"694 123 4567\",\"name\":\"Eleni\"}]")
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("tenant-service")));
        assertThat(stored(greek)).isZero();
    }

    @Test
    void theTenantsRegionDecidesHowNationalNumbersRead() throws Exception {
        postRecords(BRITISH_TENANT, "[{\"callerNumber\":\"07911 123456\",\"name\":\"Eve\"}]").andExpect(status().isOk());
        getRecord(BRITISH_TENANT, "+447911123456").andExpect(jsonPath("$.name").value("Eve"));
        // In Cyprus the same digits are no possible number: kept, keyed on its digits, and found
        // as written, not as the British number it is not.
        UUID cypriot = newTenant();
        postRecords(cypriot, "[{\"callerNumber\":\"07911 123456\",\"name\":\"Eve\"}]").andExpect(status().isOk());
        getRecord(cypriot, "07911-123456").andExpect(jsonPath("$.name").value("Eve"));
        getRecord(cypriot, "+447911123456").andExpect(status().isNotFound());
    }

    @Test
    void aTenantNeverSeesOrChangesAnotherTenantsContacts() throws Exception {
        UUID a = newTenant();
        UUID b = newTenant();
        postRecords(b, THREE);
        getRecord(a, "35799123456").andExpect(status().isNotFound());
        mvc.perform(get("/phone_book/records").with(tenant(a))).andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(get("/phone_book/records").with(tenant(a)).param("q", "Alice"))
                .andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(post("/phone_book/records/lookup").with(tenant(a))
                .contentType(MediaType.APPLICATION_JSON).content("[\"35799123456\"]")).andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(request(org.springframework.http.HttpMethod.DELETE, "/phone_book/records")
                        .with(tenant(a)).contentType(MediaType.APPLICATION_JSON).content("[\"35799123456\"]"))
                .andExpect(jsonPath("$.deleted").value(0));
        // The same number is a separate contact in each tenant.
        postRecords(a, "[{\"callerNumber\":\"35799123456\",\"name\":\"Not Alice\"}]").andExpect(jsonPath("$.inserted").value(1));
        getRecord(b, "35799123456").andExpect(jsonPath("$.name").value("Alice"));
        assertThat(stored(b)).isEqualTo(3);
    }
}
