package com.crmtelephony.cdr.followup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** GET /cdr/follow-ups: missed callers nobody called back, appearing and clearing as calls come. */
class FollowUpTests extends CdrServiceTest {

    /** One "now" per test: a second that ticks between writing a call and expecting its time must not fail it. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private String at(long minutesAgo) {
        return now.minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    private String missed(String uuid, String caller, long minutesAgo) {
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"200","direction":"inbound",
                 "call_start":"%s","call_end":"%s","action":"HANGUP"}""".formatted(uuid, caller, at(minutesAgo), at(minutesAgo));
    }

    private String answered(String uuid, String direction, String number, long minutesAgo) {
        boolean in = direction.equals("inbound");
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"%s","direction":"%s",
                 "call_start":"%s","answer_start":"%s","call_end":"%s","action":"HANGUP"}"""
                .formatted(uuid, in ? number : "200", in ? "200" : number, direction, at(minutesAgo), at(minutesAgo), at(minutesAgo));
    }

    private ResultActions followUps(UUID tenant) throws Exception {
        return mvc.perform(get("/cdr/follow-ups").with(tenant(tenant)));
    }

    private void returnWithin(UUID tenant, int minutes) throws Exception {
        mvc.perform(put("/cdr/follow-ups/settings").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"returnWithinMinutes\":" + minutes + "}")).andExpect(status().isOk());
    }

    @Test
    void aMissedCallerAppearsWithItsAttemptsAndAnAnsweredCallWithTheNumberClearsIt() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        returnWithin(tenant, 0);
        postCalls(tenant, "[" + missed("f-1", "35799000001", 50) + "," + missed("f-2", "35799000001", 20) + ","
                + answered("f-3", "inbound", "35799000002", 30) + "," + missed("f-4", "35799000002", 40) + "]")
                .andExpect(status().isOk());

        followUps(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].key").value("35799000001"))
                .andExpect(jsonPath("$[0].number").value("35799000001"))
                .andExpect(jsonPath("$[0].attempts").value(2))
                .andExpect(jsonPath("$[0].firstAttempt").value(at(50)))
                .andExpect(jsonPath("$[0].lastAttempt").value(at(20)));
        followUps(other).andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(0)));

        // Called back, and answered: the entry clears by itself.
        postCalls(tenant, "[" + answered("f-5", "outbound", "35799000001", 10) + "]").andExpect(status().isOk());
        followUps(tenant).andExpect(jsonPath("$", hasSize(0)));
        // Missed again after that: listed again, counting from the return.
        postCalls(tenant, "[" + missed("f-6", "35799000001", 5) + "]").andExpect(status().isOk());
        followUps(tenant).andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].attempts").value(1));
    }

    @Test
    void aCallerIsListedOnlyOnceItsLastMissedCallWaitedTheTenantsMinutes() throws Exception {
        UUID tenant = newTenant();
        mvc.perform(get("/cdr/follow-ups/settings").with(tenant(tenant)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.returnWithinMinutes").value(15));
        returnWithin(tenant, 30);
        postCalls(tenant, "[" + missed("w-1", "35799000011", 10) + "," + missed("w-2", "35799000012", 40) + "]")
                .andExpect(status().isOk());
        followUps(tenant).andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].key").value("35799000012"));
        mvc.perform(get("/cdr/follow-ups/settings").with(tenant(tenant))).andExpect(jsonPath("$.returnWithinMinutes").value(30));
    }

    @Test
    void writtenFormsThePhoneBookKeysAlikeAreOneCallerWithItsContactAndAMarkClearsIt() throws Exception {
        UUID tenant = newTenant();
        returnWithin(tenant, 0);
        jdbc.update("insert into number_match (tenant_id, number, normalized, name) values (?, '0035799000003', '+35799000003', 'Carol'),"
                + " (?, '35799000003', '+35799000003', 'Carol')", tenant, tenant);
        postCalls(tenant, "[" + missed("k-1", "0035799000003", 30) + "," + missed("k-2", "35799000003", 20) + "]")
                .andExpect(status().isOk());
        followUps(tenant).andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].key").value("+35799000003"))
                .andExpect(jsonPath("$[0].number").value("35799000003"))
                .andExpect(jsonPath("$[0].contact").value("Carol"))
                .andExpect(jsonPath("$[0].attempts").value(2));

        mvc.perform(post("/cdr/follow-ups/{key}/done", "+35799000003").with(tenant(tenant))).andExpect(status().isNoContent());
        followUps(tenant).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void aCallerNoReportAskedAboutIsNamedFromThePhoneBookAndListedWithoutANameWhenItIsDown() throws Exception {
        UUID tenant = newTenant();
        returnWithin(tenant, 0);
        phonebook.contacts().put(tenant, java.util.Map.of("35799000021", "Dora"));
        postCalls(tenant, "[" + missed("n-1", "35799000021", 30) + "]").andExpect(status().isOk());
        followUps(tenant).andExpect(jsonPath("$[0].contact").value("Dora"));
        phonebook.mode().set(com.crmtelephony.cdr.PhonebookStub.Mode.ERROR);
        followUps(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].key").value("35799000021"))
                .andExpect(jsonPath("$[0].contact").doesNotExist());
    }

    @Test
    void badInputIs400ProblemAndChangesNothing() throws Exception {
        UUID tenant = newTenant();
        returnWithin(tenant, 20);
        for (String query : new String[] {"days=0", "days=32", "size=0", "size=1001", "days=x"}) {
            mvc.perform(get("/cdr/follow-ups?" + query).with(tenant(tenant)))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        for (String body : new String[] {"{\"returnWithinMinutes\":-1}", "{\"returnWithinMinutes\":10081}", "{}", "[]", "x"}) {
            mvc.perform(put("/cdr/follow-ups/settings").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(get("/cdr/follow-ups/settings").with(tenant(tenant))).andExpect(jsonPath("$.returnWithinMinutes").value(20));
        mvc.perform(post("/cdr/follow-ups/{key}/done", "abc").with(tenant(tenant))).andExpect(status().isBadRequest());
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject(
                "select count(*) from follow_up_done where tenant_id = ?", Long.class, tenant)).isZero();
        mvc.perform(get("/cdr/follow-ups")).andExpect(status().isUnauthorized());
    }
}
