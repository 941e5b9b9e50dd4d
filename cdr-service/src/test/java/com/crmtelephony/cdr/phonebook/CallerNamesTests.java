package com.crmtelephony.cdr.phonebook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PhonebookStub;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.cdr.PbxIntegrationStub.pbxCall;
import static com.crmtelephony.testsupport.TestTokens.bearer;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Callers' names on the webhook path: after the store, in one lookup per tenant, never in the way. */
class CallerNamesTests extends CdrServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CallerNames names;

    /** What other tests' posts left to be named is named first: each test counts its own lookups. */
    @BeforeEach
    void nothingPending() {
        names.fillPending();
        phonebook.reset();
    }

    /** Events as pbx-integration-service forwards them: a batch, POST /cdr/post with its own token. */
    ResultActions batch(UUID tenant, Object... events) throws Exception {
        return mvc.perform(post("/cdr/post").with(bearer(TestTokens.service("pbx-integration-service", TestTokens.PBX).signed()))
                .header("tenant-uuid", tenant.toString()).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(List.of(events))));
    }

    ResultActions event(UUID tenant, String uuid, long number, String callerName, String action) throws Exception {
        return batch(tenant, pbxCall(uuid, number, callerName, action));
    }

    static Map<String, String> book(String... numbersAndNames) {
        Map<String, String> book = new HashMap<>();
        for (int i = 0; i < numbersAndNames.length; i += 2) {
            book.put(numbersAndNames[i], numbersAndNames[i + 1]);
        }
        return book;
    }

    @Test
    void webhookEventsAreNamedInOneLookupPerTenantAndTheOriginalPbxsEmptyNameCountsAsNone() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, book("35799000001", "Alice", "35799000002", "Bob"));
        for (String action : new String[] {"ORIGINATE", "RING", "ANSWERED", "HANGUP"}) {
            event(tenant, "w1", 35799000001L, "", action).andExpect(status().isOk());
        }
        event(tenant, "w2", 35799000002L, null, "RING").andExpect(status().isOk());
        event(tenant, "w3", 35799000003L, "  ", "RING").andExpect(status().isOk());
        event(tenant, "w4", 35799000001L, "Named by the PBX", "RING").andExpect(status().isOk());
        assertThat(phonebook.requestSizes()).as("storing asked the phone book nothing").isEmpty();

        names.fillPending();
        assertThat(phonebook.requestSizes()).as("one lookup of the three numbers (in this base's batches of 2)")
                .containsExactly(2, 1);
        getCalls(tenant)
                .andExpect(jsonPath("$[?(@.uuid == 'w1')].callerName").value(contains("Alice")))
                .andExpect(jsonPath("$[?(@.uuid == 'w2')].callerName").value(contains("Bob")))
                .andExpect(jsonPath("$[?(@.uuid == 'w3')].callerName").value(contains(nullValue())))
                .andExpect(jsonPath("$[?(@.uuid == 'w4')].callerName").value(contains("Named by the PBX")));

        // The next call from a number just looked up asks nothing: its name is remembered briefly.
        event(tenant, "w5", 35799000002L, null, "RING").andExpect(status().isOk());
        names.fillPending();
        assertThat(phonebook.requestSizes()).containsExactly(2, 1);
        getCalls(tenant).andExpect(jsonPath("$[?(@.uuid == 'w5')].callerName").value(contains("Bob")));
    }

    @Test
    void aBatchOfEventsIsNamedInOneLookupOfItsNumbers() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, book("35799000021", "Carol"));
        batch(tenant, pbxCall("b1", 35799000021L, null, "RING"), pbxCall("b1", 35799000021L, null, "HANGUP"),
                pbxCall("b2", 35799000022L, null, "RING")).andExpect(status().isOk());
        names.fillPending();
        assertThat(phonebook.requestSizes()).as("both numbers in one request").containsExactly(2);
        getCalls(tenant).andExpect(jsonPath("$[?(@.uuid == 'b1')].callerName").value(contains("Carol")))
                .andExpect(jsonPath("$[?(@.uuid == 'b2')].callerName").value(contains(nullValue())));
    }

    @Test
    void withThePhoneBookDownEventsAreStoredAtOnceAndTheNextSyncNamesThem() throws Exception {
        UUID tenant = newTenant();
        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        event(tenant, "d1", 35799000011L, null, "RING").andExpect(status().isOk());
        names.fillPending();
        getCalls(tenant).andExpect(jsonPath("$[0].callerName").value(nullValue()));

        phonebook.mode().set(PhonebookStub.Mode.UP);
        phonebook.contacts().put(tenant, book("35799000011", "Dora"));
        mvc.perform(post("/cdr/update_cdr").with(tenant(tenant))).andExpect(status().isOk());
        getCalls(tenant).andExpect(jsonPath("$[0].callerName").value("Dora"));

        // A name once stored stays as it was: a renamed contact does not rewrite the call's history.
        phonebook.contacts().put(tenant, book("35799000011", "Dora Renamed"));
        mvc.perform(post("/cdr/update_cdr").with(tenant(tenant))).andExpect(status().isOk());
        getCalls(tenant).andExpect(jsonPath("$[0].callerName").value("Dora"));
    }
}
