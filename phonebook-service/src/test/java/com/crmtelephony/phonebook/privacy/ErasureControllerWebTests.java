package com.crmtelephony.phonebook.privacy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.phonebook.contact.ContactValidator;
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
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The phone book's erasure endpoint alone (a web slice: the controller and the error advice, one
 * erasure step and the validator mocks, the services' token check in front): what it hands its
 * steps, what it answers, and bad requests refused before any step runs.
 */
@WebMvcTest(value = ErasureController.class, properties = "crm.embedded-postgres.enabled=false")
class ErasureControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    ErasureStep contacts;
    @MockitoBean
    ContactValidator validator;

    MockHttpServletRequestBuilder erase(String body) {
        return post("/phone_book/erasures").with(service("cdr-service", TestTokens.CDR))
                .header(Callers.TENANT_HEADER, TENANT.toString()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void aNumberIsHandedToTheStepsUnderItsKeyAndTheAnswerCountsWhatTheyErased() throws Exception {
        given(validator.normalise(TENANT, "99 123456")).willReturn(Optional.of("+35799123456"));
        given(contacts.receiptName()).willReturn("contacts");
        given(contacts.erase(any())).willReturn(1L);
        mvc.perform(erase("{\"number\":\"99 123456\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contacts").value(1))
                .andExpect(jsonPath("$.numbers[0]").value("+35799123456"));
        ArgumentCaptor<ErasureSubject> subject = ArgumentCaptor.forClass(ErasureSubject.class);
        verify(contacts).erase(subject.capture());
        assertThat(subject.getValue().tenant()).isEqualTo(TENANT);
        assertThat(subject.getValue().numberKey()).isEqualTo("+35799123456");
    }

    @Test
    void anAddressAnswersTheNumbersTheStepsFoundForIt() throws Exception {
        given(contacts.receiptName()).willReturn("contacts");
        willAnswer(call -> {
            call.getArgument(0, ErasureSubject.class).found(List.of("+35799000001", "+35799000002"));
            return 2L;
        }).given(contacts).erase(any());
        mvc.perform(erase("{\"email\":\" Alice@Example.com \"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contacts").value(2))
                .andExpect(jsonPath("$.numbers.length()").value(2));
        ArgumentCaptor<ErasureSubject> subject = ArgumentCaptor.forClass(ErasureSubject.class);
        verify(contacts).erase(subject.capture());
        assertThat(subject.getValue().email()).isEqualTo("Alice@Example.com");
        assertThat(subject.getValue().numbers()).isEqualTo(Set.of("+35799000001", "+35799000002"));
    }

    @Test
    void badRequestsAreRefusedBeforeAnyStepRuns() throws Exception {
        given(validator.normalise(any(), any())).willReturn(Optional.empty());
        for (String[] bad : new String[][] {
                {"{}", "number and email"},
                {"{\"number\":\"1\",\"email\":\"a@example.com\"}", "number and email"},
                {"{\"number\":\"abc\"}", "number"},
                {"{\"email\":\"alice\\u0000@example.com\"}", "email"},
                {"{\"email\":\"no-at-sign\"}", "email"},
                {"{\"email\":\"" + "a".repeat(320) + "@example.com\"}", "email"}}) {
            mvc.perform(erase(bad[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        verify(contacts, never()).erase(any());
    }
}
