package com.crmtelephony.cdr.call;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.cdr.CdrProperties;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The calls' web layer alone (a web slice: the controller, the real validator, the error advice;
 * the service and the number matching mocked; the services' token check in front): the filters
 * it builds, the forms of listing, and the problem+json it answers bad input with, nothing stored.
 */
@WebMvcTest(value = CallController.class, properties = "crm.embedded-postgres.enabled=false")
@Import(CallValidator.class)
@EnableConfigurationProperties(CdrProperties.class)
class CallControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Call CALL = new Call("c-1", "tenant.example", null, new PhoneNumber("35799123456", true),
            new PhoneNumber("35722000111", true), Direction.INBOUND, START, START, START.plusSeconds(5), START.plusSeconds(65),
            60, "rec-1", false, null, CallAction.HANGUP);

    @MockitoBean
    CallService service;
    @MockitoBean
    NumberForms numbers;

    @Test
    void aPageCarriesItsTotalAndTheCursorOfTheNextWithTheFiltersAsSent() throws Exception {
        given(numbers.of(TENANT, "+35799123456")).willReturn(Set.of("35799123456", "99123456"));
        CallFilter filter = new CallFilter(null, null, Direction.INBOUND, Set.of("35799123456", "99123456"), true, null,
                CallAction.HANGUP);
        given(service.list(TENANT, filter, 1, 0)).willReturn(new CallPage(List.of(CALL), new CallCursor(START, 7)));
        given(service.count(TENANT, filter)).willReturn(3L);
        mvc.perform(get("/cdr/get").with(tenant(TENANT)).param("page", "0").param("size", "1")
                        .param("direction", " Inbound ").param("number", "+357 (99) 123-456").param("answered", "true")
                        .param("action", "hangup"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "3"))
                .andExpect(header().string(CallController.NEXT_CURSOR, new CallCursor(START, 7).encode()))
                .andExpect(jsonPath("$[0].uuid").value("c-1"))
                .andExpect(jsonPath("$[0].callerNumber").value(35799123456L));
    }

    @Test
    void theNextPageFollowsItsCursorWithoutCountingAgain() throws Exception {
        CallCursor after = new CallCursor(START, 7);
        given(service.listAfter(eq(TENANT), any(), eq(after), eq(50))).willReturn(new CallPage(List.of(CALL), null));
        mvc.perform(get("/cdr/get").with(tenant(TENANT)).param("size", "50").param("cursor", after.encode()))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("X-Total-Count"))
                .andExpect(header().doesNotExist(CallController.NEXT_CURSOR))
                .andExpect(jsonPath("$.length()").value(1));
        verify(service, never()).count(any(), any());
    }

    @Test
    void withoutPagingEveryCallIsStreamedAndTheExportIsCsv() throws Exception {
        willAnswer(invocation -> {
            Consumer<Call> each = invocation.getArgument(2);
            each.accept(CALL);
            each.accept(CALL);
            return null;
        }).given(service).forEach(eq(TENANT), any(), any());
        mvc.perform(get("/cdr/get").with(tenant(TENANT)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2));
        mvc.perform(get("/cdr/export").with(tenant(TENANT)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition", containsString("calls.csv")))
                .andExpect(content().string(startsWith("uuid,")))
                .andExpect(content().string(containsString("c-1")));
    }

    @Test
    void aFilterOutOfItsFormIsABadRequestNamingItAndNothingIsRead() throws Exception {
        String[][] bads = {{"direction", "sideways"}, {"action", "DIALING"}, {"number", "abc"}, {"number", "35799'or1=1"},
                {"number", "1".repeat(65)}, {"from", "yesterday"}, {"size", "1001"}, {"size", "0"}, {"page", "-1"},
                {"cursor", "not-a-cursor"}};
        for (String[] bad : bads) {
            mvc.perform(get("/cdr/get").with(tenant(TENANT)).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[0])));
        }
        mvc.perform(get("/cdr/get").with(tenant(TENANT)).param("from", "2026-12-02T00:00:00Z").param("to", "2026-12-01T00:00:00Z"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("from")));
        mvc.perform(get("/cdr/get").with(tenant(TENANT)).param("page", "1").param("size", "5")
                        .param("cursor", new CallCursor(START, 1).encode()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("cursor")));
        mvc.perform(get("/cdr/export").with(tenant(TENANT)).param("direction", "sideways"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(service);
    }

    @Test
    void aListWithOneInvalidCallIsRefusedWholeNamingItsIndexAndFieldNothingStored() throws Exception {
        String good = "{\"uuid\":\"c-1\",\"caller_number\":\"35799123456\",\"destination_number\":\"35722000111\","
                + "\"direction\":\"inbound\",\"call_start\":\"2026-12-01T10:00:00Z\"}";
        String bad = "{\"uuid\":\"c 2\",\"caller_number\":\"35799123456\",\"destination_number\":\"35722000111\","
                + "\"direction\":\"inbound\",\"call_start\":\"2026-12-01T10:00:00Z\"}";
        mvc.perform(post("/cdr/post").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content("[" + good + "," + bad + "]"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].index").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("uuid"));
        mvc.perform(put("/cdr/put").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(bad))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("uuid"));
        mvc.perform(post("/cdr/post").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content("{\"not\":\"a list\"}"))
                .andExpect(status().isBadRequest());
        verify(service, never()).store(any(), anyList());
        verify(service, never()).storeOne(any(), any());

        given(service.store(eq(TENANT), anyList())).willReturn(new UpsertSummary(1, 1, 0, 0, TENANT));
        mvc.perform(post("/cdr/post").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content("[" + good + "]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(1));
    }

    @Test
    void aCallIsDeletedByItsRecordingAndAnUnknownOneIsNotFound() throws Exception {
        given(service.deleteByRecording(TENANT, "rec-1")).willReturn(true);
        mvc.perform(delete("/cdr/delete").with(tenant(TENANT)).param("recording", "rec-1")).andExpect(status().isNoContent());
        mvc.perform(delete("/cdr/delete").with(tenant(TENANT)).param("recording", "rec-2"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/cdr/delete").with(tenant(TENANT)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("recording")));
    }

    @Test
    void withoutATokenNothingIsAnsweredOrStored() throws Exception {
        mvc.perform(get("/cdr/get")).andExpect(status().isUnauthorized());
        mvc.perform(post("/cdr/post").contentType(MediaType.APPLICATION_JSON).content("[]")).andExpect(status().isUnauthorized());
        mvc.perform(delete("/cdr/delete").param("recording", "rec-1")).andExpect(status().isUnauthorized());
        verifyNoInteractions(service, numbers);
        verify(service, never()).list(any(), any(), anyInt(), anyInt());
    }
}
