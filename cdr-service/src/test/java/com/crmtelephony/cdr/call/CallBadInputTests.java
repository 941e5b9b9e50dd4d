package com.crmtelephony.cdr.call;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every kind of bad input gets a clear problem+json 4xx, and nothing of it is stored. */
class CallBadInputTests extends CdrServiceTest {

    /** An admin token acts for the tenant it names: naming none is the request's fault. */
    @ParameterizedTest(name = "{0} {1} without tenant-uuid")
    @CsvSource({"GET,/cdr/get", "GET,/cdr/report", "POST,/cdr/post", "PUT,/cdr/put", "DELETE,/cdr/delete?recording=r"})
    void aMissingTenantIs400(String method, String path) throws Exception {
        long before = allStoredCalls();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .request(org.springframework.http.HttpMethod.valueOf(method), path).with(admin())
                        .contentType(MediaType.APPLICATION_JSON).content(method.equals("PUT")
                                ? call("t1", "RING", "2024-01-01T10:00:00Z") : "[" + call("t1", "RING", "2024-01-01T10:00:00Z") + "]"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("tenant-uuid")));
        assertThat(allStoredCalls()).isEqualTo(before);
    }

    @Test
    void aMalformedTenantIs400() throws Exception {
        mvc.perform(post("/cdr/post").with(admin()).header("tenant-uuid", "not-a-uuid' or 1=1 --")
                        .contentType(MediaType.APPLICATION_JSON).content("[]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value(400));
    }

    @Test
    void malformedJsonIs400AndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[{\"uuid\":\"m1\",").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.detail", containsString("Malformed JSON")));
        postCalls(tenant, "{\"uuid\":\"m1\"}").andExpect(status().isBadRequest());
        postCalls(tenant, "[{\"uuid\":\"m1\",\"call_start\":\"yesterday\"}]").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("at [0].callStart: ")));
        postCalls(tenant, "[{\"uuid\":\"m1\",\"duration\":\"long\"}]").andExpect(status().isBadRequest());
        assertThat(storedCalls(tenant)).isZero();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"uuid\":\"e1\",\"call_start\":\"2024-01-01T10:00:00Z\",\"call_end\":\"2024-01-01T09:00:00Z\"} | callEnd",
            "{\"uuid\":\"e2\",\"direction\":\"sideways\"} | direction",
            "{\"uuid\":\"e3\",\"action\":\"TRANSFER\"} | action",
            "{\"uuid\":\"e4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} | uuid",
            "{\"uuid\":\"e5\",\"recording\":\"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\"} | recording",
            "{\"action\":\"RING\"} | uuid",
            "{\"uuid\":\"e6;drop table call_record\"} | uuid",
            "{\"uuid\":\"e7\",\"caller_number\":\"12ab\"} | callerNumber",
            "{\"uuid\":\"e8\",\"destination_number\":-5} | destinationNumber",
            "{\"uuid\":\"e9\",\"duration\":-1} | duration",
            "{\"uuid\":\"e10\",\"domain_name\":\"a\\u0000b\"} | domainName",
            "{\"uuid\":\"e11\",\"caller_name\":\"\\u0000\"} | callerName",
            "{\"uuid\":\"e12\",\"click_to_call_data\":\"x\\u0000\"} | clickToCallData",
            "{\"uuid\":\"e13\",\"call_start\":\"+99999-05-01T10:00:00Z\"} | callStart",
            "{\"uuid\":\"e14\",\"call_end\":\"+10000-01-01T00:00:00Z\"} | callEnd",
            "{\"uuid\":\"e15\",\"ring_start\":\"-0001-01-01T00:00:00Z\"} | ringStart"})
    void anInvalidCallIs422NamingTheField(String body, String field) throws Exception {
        UUID tenant = newTenant();
        mvc.perform(put("/cdr/put").with(tenant(tenant))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        assertThat(storedCalls(tenant)).isZero();
    }

    @Test
    void aBatchWithOneBadElementStoresNoneAndSaysWhichFailed() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("ok1", "RING", "2024-01-01T10:00:00Z") + ","
                        + "{\"uuid\":\"bad\",\"direction\":\"up\"}," + call("ok2", "RING", "2024-01-01T10:00:00Z") + "]")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].index").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("direction"))
                .andExpect(jsonPath("$.detail", containsString("[1].direction")));
        postCalls(tenant, "[" + call("ok1", "RING", "2024-01-01T10:00:00Z") + ",null]")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].index").value(1));
        assertThat(storedCalls(tenant)).isZero();
    }

    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() throws Exception {
        UUID tenant = newTenant();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 4000; i++) {
            batch.append(i == 0 ? "" : ",").append(call("big-" + i, "RING", "2024-01-01T10:00:00Z"));
        }
        ResultActions result = postCalls(tenant, batch.append("]").toString());
        result.andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("524288 bytes")));
        assertThat(storedCalls(tenant)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/cdr//reports", "/cdr/./get", "/cdr/../cdr/reports", "/cdr/%2e%2e/cdr/get", "/cdr%2freports",
            "/cdr%5creports", "/cdr/get%00", "/cdr/get;x=1", "/cdr/reports/", "//cdr/reports"})
    void aNonCanonicalPathIs400BeforeAnyHandler(String path) throws Exception {
        mvc.perform(get(java.net.URI.create("http://localhost" + path)).with(admin()))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("Non-canonical")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"from=yesterday", "to=2024-13-01T00:00:00Z", "page=-1", "size=0", "size=100000", "page=x", "page=2147483647",
            "from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z"})
    void badQueryParametersAre400(String query) throws Exception {
        mvc.perform(get("/cdr/get?" + query).with(tenant(newTenant())))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"));
    }

    @Test
    void injectionStringsAreStoredLiterally() throws Exception {
        UUID tenant = newTenant();
        String name = "Robert'); drop table call_record; --";
        postCalls(tenant, "[{\"uuid\":\"inj\",\"callerName\":\"" + name + "\",\"domainName\":\"<script>x</script>\"}]")
                .andExpect(status().isOk());
        getCalls(tenant).andExpect(jsonPath("$[0].callerName").value(name))
                .andExpect(jsonPath("$[0].domainName").value("<script>x</script>"));
        assertThat(storedCalls(tenant)).isEqualTo(1);
    }
}
