package com.crmtelephony.phonebook.edge;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.phonebook.PhonebookServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The service's own edge: its path rule, its body limits, input no store can hold, the streamed list. */
@TestPropertySource(properties = {
        "crm.web.max-request-size=4KB",
        "crm.web.limits[0].path=/phone_book/records/import",
        "crm.web.limits[0].max-size=16KB"})
class PhonebookEdgeTests extends PhonebookServiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"/phone_book//records", "/phone_book/./records", "/phone_book/x/../records",
            "/phone_book/%2e%2e/records", "/phone_book%2frecords", "/phone_book/records;x=1", "/phone_book/records/",
            "/phone_book/records%00"})
    void aNonCanonicalPathIs400(String path) throws Exception {
        mvc.perform(get(java.net.URI.create("http://localhost" + path)).with(tenant(newTenant())))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("Non-canonical")));
    }

    @Test
    void aNulInAFieldIs422NamingItAndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        for (String[] c : new String[][] {{"name", "{\"callerNumber\":\"35799000001\",\"name\":\"a\\u0000b\"}"},
                {"emailId", "{\"callerNumber\":\"35799000001\",\"name\":\"A\",\"emailId\":\"a\\u0000@b.com\"}"},
                {"callerNumber", "{\"callerNumber\":\"3579900\\u00000\",\"name\":\"A\"}"}}) {
            mvc.perform(put("/phone_book/records").with(tenant(tenant))
                            .contentType(MediaType.APPLICATION_JSON).content(c[1]))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field").value(c[0]));
        }
        mvc.perform(post("/phone_book/records/lookup").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content("[\"357\\u000099\"]"))
                .andExpect(status().isUnprocessableContent());
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aCsvThatIsNotUtf8Is400AndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        byte[] latin1 = "name,email,number\nJos\u00e9,,35799000001\n".getBytes(StandardCharsets.ISO_8859_1);
        mvc.perform(post("/phone_book/records/import").with(tenant(tenant))
                        .contentType("text/csv").content(latin1))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("UTF-8")));
        assertThat(stored(tenant)).isZero();
    }

    @Test
    void aCsvRowWithANulIsRejectedNamingTheFieldAndTheOthersImport() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, "name,email,number\nGood,,35799000001\nBa\u0000d,,35799000002\n")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(1)).andExpect(jsonPath("$.rejected").value(1))
                .andExpect(jsonPath("$.errors[0].line").value(3)).andExpect(jsonPath("$.errors[0].field").value("name"));
        assertThat(stored(tenant)).isEqualTo(1);
    }

    @Test
    void bodiesOverTheirLimitAre413AndStoreNothing() throws Exception {
        UUID tenant = newTenant();
        StringBuilder csv = new StringBuilder("name,email,number\n");
        for (int i = 0; csv.length() < 17 * 1024; i++) {
            csv.append("Agent ").append(i).append(",,3579").append(String.format("%07d", 6_000_000 + i)).append('\n');
        }
        importCsv(tenant, csv.toString()).andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        // The import's own limit is larger than other bodies'.
        importCsv(tenant, csv.substring(0, 15 * 1024 - 1).replaceFirst("\n[^\n]*$", "\n")).andExpect(status().isOk());
        long afterImport = stored(tenant);
        postRecords(tenant, "[" + "{\"callerNumber\":\"35799000001\",\"name\":\"A\"},".repeat(100) + "{}]")
                .andExpect(status().isContentTooLarge());
        assertThat(stored(tenant)).isEqualTo(afterImport);
    }

    @Test
    void theWholeListIsStreamedWithoutAnETag() throws Exception {
        UUID tenant = newTenant();
        importCsv(tenant, "name,email,number\nBea,,35799000002\nAda,,35799000001\n").andExpect(status().isOk());
        MockHttpServletResponse all = mvc.perform(get("/phone_book/records").with(tenant(tenant)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "application/json"))
                .andExpect(jsonPath("$[0].name").value("Ada")).andExpect(jsonPath("$[1].name").value("Bea"))
                .andReturn().getResponse();
        assertThat(all.getHeader("ETag")).isNull();
        mvc.perform(get("/phone_book/records").with(tenant(newTenant())))
                .andExpect(status().isOk()).andExpect(content().json("[]"));
    }
}
