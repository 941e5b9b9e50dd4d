package com.crmtelephony.pbx.inbox;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.privacy.ErasureStep;
import com.crmtelephony.support.privacy.ErasureSubject;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The inbox's erasure endpoint alone (a web slice: the controller and the error advice, one
 * erasure step and the repository mocks, the services' token check in front): the numbers it
 * hands its steps, what it answers, and bad requests refused before any step runs.
 */
@WebMvcTest(value = InboxErasureController.class, properties = "crm.embedded-postgres.enabled=false")
class InboxErasureControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    ErasureStep webhooks;
    @MockitoBean
    InboxRepository inbox;

    MockHttpServletRequestBuilder erase(String body) {
        return post("/pbx/erasures").with(service("cdr-service", TestTokens.CDR))
                .header(Callers.TENANT_HEADER, TENANT.toString()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void theNumbersAreHandedToTheStepsAndTheAnswerCountsKeptAndPendingWebhooks() throws Exception {
        given(webhooks.receiptName()).willReturn("webhooks");
        given(webhooks.erase(any())).willReturn(3L);
        given(inbox.pendingNaming(any(), any())).willReturn(1L);
        mvc.perform(erase("{\"numbers\":[\"35799600001\",\"+35799600001\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.webhooks").value(3))
                .andExpect(jsonPath("$.pending").value(1));
        ArgumentCaptor<ErasureSubject> subject = ArgumentCaptor.forClass(ErasureSubject.class);
        verify(webhooks).erase(subject.capture());
        assertThat(subject.getValue().tenant()).isEqualTo(TENANT);
        assertThat(subject.getValue().numbers()).containsExactly("35799600001", "+35799600001");
    }

    @Test
    void badNumbersAreRefusedBeforeAnyStepRuns() throws Exception {
        String many = "[" + String.join(",", java.util.Collections.nCopies(101, "\"35799600001\"")) + "]";
        for (String body : List.of("{}", "{\"numbers\":[]}", "{\"numbers\":[\"\"]}", "{\"numbers\":[\"12\"]}",
                "{\"numbers\":[\"357' or 1=1\"]}", "{\"numbers\":[null]}", "{\"numbers\":" + many + "}")) {
            mvc.perform(erase(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("numbers")));
        }
        verify(webhooks, never()).erase(any());
    }
}
