package com.crmtelephony.cdr.followup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The follow-ups' web layer alone (a web slice: the controller and the error advice, the
 * repository and the phone book mocks, the services' token check in front): parameters, the
 * names it fills in, and the problem+json it answers bad input with, nothing stored.
 */
@WebMvcTest(value = FollowUpController.class, properties = "crm.embedded-postgres.enabled=false")
class FollowUpControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @MockitoBean
    FollowUpRepository followUps;
    @MockitoBean
    PhonebookDirectory phonebook;

    @Test
    void theListNamesTheCallersThePhoneBookKnowsNow() throws Exception {
        given(followUps.open(TENANT, Duration.ofDays(3), 20)).willReturn(List.of(
                new FollowUp("+35799000001", "35799000001", null, 2, AT, AT.plusSeconds(60)),
                new FollowUp("+35799000002", "35799000002", "Known Before", 1, AT, AT)));
        given(phonebook.names(TENANT, List.of("35799000001"))).willReturn(Optional.of(Map.of("35799000001", "Alice")));
        mvc.perform(get("/cdr/follow-ups").with(tenant(TENANT)).param("days", "3").param("size", "20"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].contact").value("Alice"))
                .andExpect(jsonPath("$[0].attempts").value(2))
                .andExpect(jsonPath("$[1].contact").value("Known Before"));
    }

    @Test
    void withThePhoneBookDownTheListComesWithoutNames() throws Exception {
        given(followUps.open(TENANT, Duration.ofDays(7), 100)).willReturn(List.of(
                new FollowUp("+35799000001", "35799000001", null, 1, AT, AT)));
        given(phonebook.names(any(), any())).willReturn(Optional.empty());
        mvc.perform(get("/cdr/follow-ups").with(tenant(TENANT)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].number").value("35799000001"))
                .andExpect(jsonPath("$[0].contact").doesNotExist());
    }

    @Test
    void aWindowOrSizeOutOfRangeIsABadRequestNamingItAndNothingIsRead() throws Exception {
        for (String[] bad : new String[][] {{"days", "0"}, {"days", "32"}, {"size", "0"}, {"size", "1001"}}) {
            mvc.perform(get("/cdr/follow-ups").with(tenant(TENANT)).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[0])));
        }
        mvc.perform(get("/cdr/follow-ups").with(tenant(TENANT)).param("days", "seven"))
                .andExpect(status().isBadRequest());
        verify(followUps, never()).open(any(), any(), anyInt());
    }

    @Test
    void aCallerIsMarkedCalledBackByItsKeyAndNothingElseIsAKey() throws Exception {
        mvc.perform(post("/cdr/follow-ups/+35799000001/done").with(tenant(TENANT))).andExpect(status().isNoContent());
        verify(followUps).done(TENANT, "+35799000001");
        for (String bad : List.of("abc", "+", "1234567890123456789012345678901234", "35799'or1=1")) {
            mvc.perform(post("/cdr/follow-ups/" + bad + "/done").with(tenant(TENANT)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString("key")));
        }
        verify(followUps, never()).done(TENANT, "abc");
    }

    @Test
    void theSettingsAreTheTenantsAndOutOfRangeOnesAreRefusedNothingStored() throws Exception {
        given(followUps.minutes(TENANT)).willReturn(15);
        mvc.perform(get("/cdr/follow-ups/settings").with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.returnWithinMinutes").value(15));
        mvc.perform(put("/cdr/follow-ups/settings").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"returnWithinMinutes\":30}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.returnWithinMinutes").value(30));
        verify(followUps).setMinutes(TENANT, 30);
        for (String bad : List.of("{\"returnWithinMinutes\":-1}", "{\"returnWithinMinutes\":10081}", "{}",
                "{\"returnWithinMinutes\":\"soon\"}", "[]")) {
            mvc.perform(put("/cdr/follow-ups/settings").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(followUps, never()).setMinutes(TENANT, -1);
        verify(followUps, never()).setMinutes(TENANT, 10081);
    }

    @Test
    void withoutATokenNothingIsAnswered() throws Exception {
        mvc.perform(get("/cdr/follow-ups")).andExpect(status().isUnauthorized());
        mvc.perform(put("/cdr/follow-ups/settings").contentType(MediaType.APPLICATION_JSON).content("{\"returnWithinMinutes\":1}"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(followUps, phonebook);
    }
}
