package com.crmtelephony.phonebook.contact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * GET /phone_book/records/changes: the numbers whose contact came, went, or was renamed or
 * renumbered since a position, for the caller's tenant only; and a lookup that also answers for
 * the numbers without a contact, in the form the feed names them.
 */
class ContactChangesTests extends PhonebookServiceTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    DataSource dataSource;

    private JsonNode changes(UUID tenant, Long after) throws Exception {
        var get = get("/phone_book/records/changes").with(tenant(tenant));
        if (after != null) {
            get = get.param("after", after.toString());
        }
        return json.readTree(mvc.perform(get).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private static List<String> numbers(JsonNode changes) {
        return changes.get("numbers").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void withoutAPositionTheFeedSaysWhereItStandsAndThatAllIsToBeForgotten() throws Exception {
        JsonNode start = changes(newTenant(), null);
        assertThat(start.get("complete").asBoolean()).isFalse();
        assertThat(start.get("position").asLong()).isPositive();
    }

    @Test
    void newRenamedRenumberedAndDeletedContactsAreListedAndAnEmailOnlyChangeIsNot() throws Exception {
        UUID tenant = newTenant();
        long start = changes(tenant, null).get("position").asLong();
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\"},{\"callerNumber\":\"35799654321\",\"name\":\"Bob\"}]")
                .andExpect(status().isOk());
        JsonNode added = changes(tenant, start);
        assertThat(added.get("complete").asBoolean()).isTrue();
        assertThat(numbers(added)).containsExactlyInAnyOrder("+35799123456", "+35799654321");

        long afterAdding = added.get("position").asLong();
        assertThat(numbers(changes(tenant, afterAdding))).isEmpty();
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\",\"emailId\":\"alice@example.com\"}]")
                .andExpect(status().isOk());
        assertThat(numbers(changes(tenant, afterAdding))).isEmpty();
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice B.\"}]").andExpect(status().isOk());
        assertThat(numbers(changes(tenant, afterAdding))).containsExactly("+35799123456");

        long afterRenaming = changes(tenant, afterAdding).get("position").asLong();
        mvc.perform(request(org.springframework.http.HttpMethod.DELETE, "/phone_book/records").with(tenant(tenant))
                .contentType(MediaType.APPLICATION_JSON).content("[\"35799654321\"]")).andExpect(status().isOk());
        assertThat(numbers(changes(tenant, afterRenaming))).containsExactly("+35799654321");
    }

    @Test
    void anotherTenantsChangesAreNotListed() throws Exception {
        UUID mine = newTenant();
        UUID theirs = newTenant();
        long start = changes(mine, null).get("position").asLong();
        postRecords(theirs, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\"}]").andExpect(status().isOk());
        assertThat(numbers(changes(mine, start))).isEmpty();
        assertThat(numbers(changes(theirs, start))).containsExactly("+35799123456");
    }

    /**
     * A change whose transaction commits after a later one's must not be skipped: the feed stops
     * below the oldest transaction still running, and lists the change once it has committed.
     */
    @Test
    void aChangeCommittedLateIsListedNotSkipped() throws Exception {
        UUID tenant = newTenant();
        long start = changes(tenant, null).get("position").asLong();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement("insert into contact (tenant_id, number, raw_number, name)"
                    + " values (?, '+35799000001', '35799000001', 'Late')")) {
                insert.setObject(1, tenant);
                insert.executeUpdate();
            }
            // Meanwhile another transaction commits a change.
            postRecords(tenant, "[{\"callerNumber\":\"35799000002\",\"name\":\"Early\"}]").andExpect(status().isOk());
            JsonNode during = changes(tenant, start);
            assertThat(numbers(during)).doesNotContain("+35799000001");
            slow.commit();
            JsonNode after = changes(tenant, during.get("position").asLong());
            assertThat(numbers(during).size() + numbers(after).size()).isGreaterThanOrEqualTo(2);
            assertThat(numbers(after)).contains("+35799000001");
        }
    }

    @Test
    void aPositionThatIsNoneIsAProblem() throws Exception {
        UUID tenant = newTenant();
        for (String after : List.of("-1", "x")) {
            mvc.perform(get("/phone_book/records/changes").with(tenant(tenant)).param("after", after))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void aLookupOfUnmatchedNumbersAnswersForEveryNumberInTheFormTheFeedNamesIt() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\"}]").andExpect(status().isOk());
        ResultActions lookup = mvc.perform(post("/phone_book/records/lookup").with(tenant(tenant)).param("unmatched", "true")
                .contentType(MediaType.APPLICATION_JSON).content("[\"0035799123456\", \"35799000009\"]"));
        lookup.andExpect(status().isOk())
                .andExpect(jsonPath("$[0].number").value("0035799123456"))
                .andExpect(jsonPath("$[0].name").value("Alice"))
                .andExpect(jsonPath("$[1].number").value("35799000009"))
                .andExpect(jsonPath("$[1].name").doesNotExist())
                .andExpect(jsonPath("$[1].normalizedNumber").value("+35799000009"));
        // Without the parameter: matches only (compat).
        mvc.perform(post("/phone_book/records/lookup").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content("[\"0035799123456\", \"35799000009\"]"))
                .andExpect(jsonPath("$.length()").value(1));
    }
}
