package com.crmtelephony.phonebook.contact;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every kind of bad input gets a clear problem+json 4xx, and nothing of it is stored. */
class ContactBadInputTests extends PhonebookServiceTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET,/phone_book/records", "GET,/phone_book/records/35799123456", "POST,/phone_book/records",
            "PUT,/phone_book/records", "DELETE,/phone_book/records", "POST,/phone_book/records/lookup"})
    void aMissingOrMalformedTenantIs400(String method, String path) throws Exception {
        long before = allStored();
        String body = method.equals("PUT") ? "{\"callerNumber\":\"35799123456\",\"name\":\"A\"}"
                : "[{\"callerNumber\":\"35799123456\",\"name\":\"A\"}]";
        // An admin token acts for the tenant it names: none, or no UUID, is the request's fault.
        mvc.perform(request(HttpMethod.valueOf(method), path).with(admin()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("tenant-uuid")));
        mvc.perform(request(HttpMethod.valueOf(method), path).with(admin()).header("tenant-uuid", "12345")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest());
        assertThat(allStored()).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, "[{\"callerNumber\":").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("Malformed JSON")));
        postRecords(tenant, "{\"callerNumber\":\"35799123456\",\"name\":\"A\"}").andExpect(status().isBadRequest());
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":[1]}]").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("[0].name")));
        assertThat(stored(tenant)).isZero();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"callerNumber\":\"35799123456\"} | name",
            "{\"callerNumber\":\"35799123456\",\"name\":\"   \"} | name",
            "{\"name\":\"A\"} | callerNumber",
            "{\"callerNumber\":\"12\",\"name\":\"A\"} | callerNumber",
            "{\"callerNumber\":\"3579912345x\",\"name\":\"A\"} | callerNumber",
            "{\"callerNumber\":true,\"name\":\"A\"} | callerNumber",
            "{\"callerNumber\":\"35799123456\",\"name\":\"A\",\"emailId\":\"not-an-email\"} | emailId",
            "{\"callerNumber\":\"35799123456\",\"name\":\"A\",\"emailId\":\"a@b\"} | emailId"})
    void anInvalidRecordIs422NamingTheField(String body, String field) throws Exception {
        UUID tenant = newTenant();
        mvc.perform(put("/phone_book/records").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aListWithBadElementsStoresNoneAndNamesEachIndex() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, """
                [{"callerNumber":"35799123456","name":"Alice"},
                 {"callerNumber":"nope","name":"Bob"},
                 {"callerNumber":"35799654321","name":""},
                 {"callerNumber":"+357 99 123456","name":"Alice again"},
                 null]""")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors.length()").value(4))
                .andExpect(jsonPath("$.errors[0].index").value(1)).andExpect(jsonPath("$.errors[0].field").value("callerNumber"))
                .andExpect(jsonPath("$.errors[1].index").value(2)).andExpect(jsonPath("$.errors[1].field").value("name"))
                .andExpect(jsonPath("$.errors[2].index").value(3))
                .andExpect(jsonPath("$.errors[2].message").value("is the same number as record 0"))
                .andExpect(jsonPath("$.errors[3].index").value(4));
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aListOverTheLimitIs422() throws Exception {
        UUID tenant = newTenant();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            body.append(i == 0 ? "" : ",").append("{\"callerNumber\":\"357991").append(String.format("%05d", i)).append("\",\"name\":\"n\"}");
        }
        postRecords(tenant, body.append("]").toString()).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aDeleteWithABadElementDeletesNothing() throws Exception {
        UUID tenant = newTenant();
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"Alice\"}]");
        mvc.perform(request(HttpMethod.DELETE, "/phone_book/records").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content("[\"35799123456\", {\"name\":\"no number\"}]"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].index").value(1));
        assertThat(stored(tenant)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"page=-1", "size=0", "size=5000", "page=x", "page=2147483647"})
    void badPagingIs400(String query) throws Exception {
        mvc.perform(get("/phone_book/records?" + query).with(tenant(newTenant())))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"));
    }

    @Test
    void injectionStringsAreStoredLiterally() throws Exception {
        UUID tenant = newTenant();
        String name = "Robert'); drop table contact; --";
        postRecords(tenant, "[{\"callerNumber\":\"35799123456\",\"name\":\"" + name + "\"}]").andExpect(status().isOk());
        getRecord(tenant, "35799123456").andExpect(jsonPath("$.name").value(name));
        mvc.perform(get("/phone_book/records").with(tenant(tenant)).param("q", "'); drop"))
                .andExpect(jsonPath("$[0].name").value(name));
    }
}
