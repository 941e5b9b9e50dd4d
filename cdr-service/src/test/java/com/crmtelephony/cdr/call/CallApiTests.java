package com.crmtelephony.cdr.call;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

import com.crmtelephony.cdr.CdrServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The /cdr endpoints on their happy paths, and tenant isolation. */
class CallApiTests extends CdrServiceTest {

    @Test
    void getReturnsAllCallsNewestFirstInCamelCaseWithMilliseconds() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("old", "HANGUP", "2024-01-01T10:00:00Z") + ","
                + call("new", "RING", "2024-01-02T10:00:00.5Z") + "]").andExpect(status().isOk());

        getCalls(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].uuid").value("new"))
                .andExpect(jsonPath("$[0].callStart").value("2024-01-02T10:00:00.500Z"))
                .andExpect(jsonPath("$[0].domainName").value("acme.pbx"))
                .andExpect(jsonPath("$[0].callerNumber").value(35799000001L))
                .andExpect(jsonPath("$[0].direction").value("inbound"))
                .andExpect(jsonPath("$[0].recording").value("rec-new"))
                .andExpect(jsonPath("$[0].call_start").doesNotExist())
                .andExpect(jsonPath("$[1].uuid").value("old"))
                .andExpect(header().doesNotExist("X-Total-Count"));
    }

    @Test
    void getFiltersByStartTimeAndPages() throws Exception {
        UUID tenant = newTenant();
        StringBuilder batch = new StringBuilder("[");
        for (int day = 1; day <= 9; day++) {
            batch.append(day == 1 ? "" : ",").append(call("d" + day, "HANGUP", "2024-03-0" + day + "T12:00:00Z"));
        }
        postCalls(tenant, batch.append("]").toString()).andExpect(status().isOk());

        mvc.perform(get("/cdr/get").with(tenant(tenant))
                        .param("from", "2024-03-03T00:00:00Z").param("to", "2024-03-07T00:00:00Z"))
                .andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(4)))
                .andExpect(jsonPath("$[0].uuid").value("d6")).andExpect(jsonPath("$[3].uuid").value("d3"));

        mvc.perform(get("/cdr/get").with(tenant(tenant)).param("page", "1").param("size", "4"))
                .andExpect(status().isOk()).andExpect(header().string("X-Total-Count", "9"))
                .andExpect(jsonPath("$", hasSize(4)))
                .andExpect(jsonPath("$[0].uuid").value("d5")).andExpect(jsonPath("$[3].uuid").value("d2"));
        mvc.perform(get("/cdr/get").with(tenant(tenant)).param("page", "2").param("size", "4"))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].uuid").value("d1"));
    }

    @Test
    void pagesComeWholeWithAnETagThatTurnsARepeatedGetInto304UntilTheCallsChange() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("e1", "RING", "2024-01-01T10:00:00Z") + "]").andExpect(status().isOk());
        String page = "/cdr/get?page=0&size=10";
        MockHttpServletResponse first = mvc.perform(get(page).with(tenant(tenant)))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(first.getContentLength()).isEqualTo(first.getContentAsByteArray().length).isPositive();
        String etag = first.getHeader("ETag");
        assertThat(etag).isNotBlank();

        mvc.perform(get(page).with(tenant(tenant)).header("If-None-Match", etag))
                .andExpect(status().isNotModified()).andExpect(content().string(""));
        postCalls(tenant, "[" + call("e2", "RING", "2024-01-01T11:00:00Z") + "]").andExpect(status().isOk());
        mvc.perform(get(page).with(tenant(tenant)).header("If-None-Match", etag))
                .andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(2)));
    }

    @Test
    void theWholeListIsStreamedNotBufferedForAnETag() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("s1", "RING", "2024-01-01T10:00:00Z") + "," + call("s2", "RING", "2024-01-01T11:00:00Z") + "]")
                .andExpect(status().isOk());
        MockHttpServletResponse all = getCalls(tenant).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/json"))
                .andExpect(jsonPath("$[*].uuid", contains("s2", "s1"))).andReturn().getResponse();
        assertThat(all.getHeader("ETag")).isNull();
        getCalls(newTenant()).andExpect(status().isOk()).andExpect(content().json("[]"));
    }

    @Test
    void putUpsertsOneCallAndReturnsItAsStored() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("p1", "ANSWERED", "2024-01-01T10:00:00Z") + "]").andExpect(status().isOk());
        mvc.perform(put("/cdr/put").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"uuid\":\"p1\",\"action\":\"HANGUP\",\"callEnd\":\"2024-01-01T10:02:00Z\",\"duration\":120}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.uuid").value("p1"))
                .andExpect(jsonPath("$.action").value("HANGUP"))
                .andExpect(jsonPath("$.domainName").value("acme.pbx"))
                .andExpect(jsonPath("$.callEnd").value("2024-01-01T10:02:00.000Z"));
        assertThat(storedCalls(tenant)).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheCallWithThatRecordingAndAnswers404ForAnUnknownOne() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("x1", "HANGUP", "2024-01-01T10:00:00Z") + "," + call("x2", "HANGUP", "2024-01-01T11:00:00Z") + "]");
        mvc.perform(delete("/cdr/delete").with(tenant(tenant)).param("recording", "rec-x1"))
                .andExpect(status().isNoContent());
        assertThat(storedCalls(tenant)).isEqualTo(1);
        mvc.perform(delete("/cdr/delete").with(tenant(tenant)).param("recording", "rec-x1"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail").value("No call with recording 'rec-x1' for this tenant"));
        assertThat(storedCalls(tenant)).isEqualTo(1);
    }

    @Test
    void aTenantCannotReadDeleteOrReportOnAnotherTenantsCalls() throws Exception {
        UUID a = newTenant();
        UUID b = newTenant();
        postCalls(b, "[" + call("secret", "HANGUP", "2024-01-01T10:00:00Z") + "]").andExpect(status().isOk());
        // The same uuid in tenant A is a different call: it neither sees nor changes B's.
        postCalls(a, "[{\"uuid\":\"secret\",\"action\":\"RING\",\"callerName\":\"mine\"}]").andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(1));

        getCalls(a).andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].callerName").value("mine"))
                .andExpect(jsonPath("$[0].recording").doesNotExist());
        mvc.perform(delete("/cdr/delete").with(tenant(a)).param("recording", "rec-secret"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/cdr/report").with(tenant(a)))
                .andExpect(jsonPath("$.total_number_of_calls").value(1));
        getCalls(b).andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].action").value("HANGUP"))
                .andExpect(jsonPath("$[0].callerName").doesNotExist());
        mvc.perform(get("/cdr/report").with(tenant(newTenant()))).andExpect(status().isNotFound());
    }
}
