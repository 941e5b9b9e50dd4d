package com.crmtelephony.phonebook.contact;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.phonebook.PhonebookProperties;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
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
 * The contacts' web layer alone (a web slice: the controller, the real validator with
 * config-repo's default region and limits, the error advice; the service mocked; the services'
 * token check in front): what reaches the service as the tenant sent it, and the problem+json a
 * bad list is refused with, nothing stored.
 */
@WebMvcTest(value = ContactController.class, properties = "crm.embedded-postgres.enabled=false")
@Import(ContactValidator.class)
@EnableConfigurationProperties(PhonebookProperties.class)
class ContactControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final Contact ALICE = new Contact("+35799123456", "99 123456", "Alice", "alice@example.com");

    @MockitoBean
    ContactService service;

    @Test
    void aListIsStoredInTheFormTheRegionGivesAndAPageCarriesItsTotal() throws Exception {
        given(service.upsert(eq(TENANT), anyList())).willReturn(new UpsertSummary(2, 2, 0, 0));
        mvc.perform(post("/phone_book/records").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                        .content("[{\"callerNumber\":\"99 123456\",\"name\":\"Alice\"},{\"caller_number\":35722000111,\"name\":\"Bob\"}]"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.inserted").value(2));
        verify(service).upsert(TENANT, List.of(new Contact("+35799123456", "99 123456", "Alice", null),
                new Contact("+35722000111", "35722000111", "Bob", null)));
        given(service.find(TENANT, "ali", 10, 20)).willReturn(List.of(ALICE));
        given(service.count(TENANT, "ali")).willReturn(21L);
        mvc.perform(get("/phone_book/records").with(tenant(TENANT)).param("q", "ali").param("page", "2").param("size", "10"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "21"))
                .andExpect(jsonPath("$[0].callerNumber").value("99 123456"))
                .andExpect(jsonPath("$[0].normalizedNumber").value("+35799123456"));
    }

    @Test
    void withoutPagingEveryContactIsStreamed() throws Exception {
        willAnswer(invocation -> {
            Consumer<Contact> each = invocation.getArgument(2);
            each.accept(ALICE);
            each.accept(ALICE);
            return null;
        }).given(service).forEach(eq(TENANT), eq(null), any());
        mvc.perform(get("/phone_book/records").with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void aListWithOneBadRecordIsRefusedWholeNamingItsIndexAndFieldNothingStored() throws Exception {
        String[][] bads = {
                {"[{\"callerNumber\":\"99 123456\",\"name\":\"Alice\"},{\"callerNumber\":\"abc\",\"name\":\"Bob\"}]", "1", "callerNumber"},
                {"[{\"callerNumber\":\"99 123456\",\"name\":\"Alice\"},{\"callerNumber\":\"+357 99 123456\",\"name\":\"Eve\"}]", "1", "callerNumber"},
                {"[{\"callerNumber\":\"99 123456\",\"name\":\"Alice\",\"emailId\":\"not an address\"}]", "0", "emailId"},
                {"[{\"callerNumber\":\"99 123456\",\"name\":\"Al\\u0000ice\"}]", "0", "name"},
                {"[null]", "0", "record"},
        };
        for (String[] bad : bads) {
            mvc.perform(post("/phone_book/records").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(bad[0]))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].index").value(Integer.parseInt(bad[1])))
                    .andExpect(jsonPath("$.errors[0].field").value(bad[2]));
        }
        mvc.perform(put("/phone_book/records").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"callerNumber\":\"12\",\"name\":\"Short\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("callerNumber"));
        mvc.perform(post("/phone_book/records").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content("{\"not\":\"a list\"}"))
                .andExpect(status().isBadRequest());
        verify(service, never()).upsert(any(), anyList());
        verify(service, never()).upsertOne(any(), any());
    }

    @Test
    void lookupsAndDeletesTakeNumbersAsWrittenAndRefuseWhatIsNoNumberNothingDeleted() throws Exception {
        given(service.lookup(TENANT, List.of("+357 99 123456", "35722000111"), true)).willReturn(List.of());
        mvc.perform(post("/phone_book/records/lookup").with(tenant(TENANT)).param("unmatched", "true")
                        .contentType(MediaType.APPLICATION_JSON).content("[\"+357 99 123456\", 35722000111]"))
                .andExpect(status().isOk());
        verify(service).lookup(TENANT, List.of("+357 99 123456", "35722000111"), true);
        for (String bad : List.of("[\"\"]", "[null]", "[\"99\\u0000123456\"]", "[true]")) {
            mvc.perform(delete("/phone_book/records").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value("callerNumber"));
        }
        verify(service, never()).delete(any(), anyList());
    }

    @Test
    void aSearchTooLongAPageOutOfRangeOrAPositionNotGivenIsABadRequestNothingRead() throws Exception {
        String[][] bads = {{"q", "a".repeat(101)}, {"size", "1001"}, {"size", "0"}, {"page", "-1"}};
        for (String[] bad : bads) {
            mvc.perform(get("/phone_book/records").with(tenant(TENANT)).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[0])));
        }
        mvc.perform(get("/phone_book/records/changes").with(tenant(TENANT)).param("after", "-1"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("after")));
        verify(service, never()).find(any(), any(), anyInt(), anyInt());
        verify(service, never()).changes(any(), any());
    }

    @Test
    void aNumberWithoutAContactIsNotFound() throws Exception {
        given(service.get(TENANT, "99123456")).willReturn(Optional.of(ALICE));
        mvc.perform(get("/phone_book/records/99123456").with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Alice"));
        given(service.get(TENANT, "99000000")).willReturn(Optional.empty());
        mvc.perform(get("/phone_book/records/99000000").with(tenant(TENANT)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void withoutATokenNothingIsAnsweredOrStored() throws Exception {
        mvc.perform(get("/phone_book/records")).andExpect(status().isUnauthorized());
        mvc.perform(post("/phone_book/records").contentType(MediaType.APPLICATION_JSON)
                .content("[{\"callerNumber\":\"99 123456\",\"name\":\"Alice\"}]")).andExpect(status().isUnauthorized());
        mvc.perform(post("/phone_book/records/lookup").contentType(MediaType.APPLICATION_JSON).content("[\"99123456\"]"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(service);
        verify(service, never()).lookup(any(), anyList(), anyBoolean());
    }
}
