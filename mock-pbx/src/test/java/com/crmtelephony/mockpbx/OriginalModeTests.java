package com.crmtelephony.mockpbx;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.crmtelephony.testsupport.LoopbackStub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** mock-pbx as the original PBX was: one random tenant, empty names, fractional durations, bare webhooks. */
@SpringBootTest(properties = {"crm.mock-pbx.mode=original", "crm.mock-pbx.event-interval=50ms",
        "crm.mock-pbx.lost-final-webhook-rate=0"})
@AutoConfigureMockMvc
class OriginalModeTests {

    /** The webhook receiver the original PBX was configured with; it refuses everything. */
    static final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    static final MockWebServer receiver = LoopbackStub.start(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            received.add(request);
            return new MockResponse.Builder().code(503).build();
        }
    });

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("crm.mock-pbx.webhook-url", () -> LoopbackStub.url(receiver) + "/hook");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void oneTenantOfItsOwnEmptyNamesAndDurationsWithFractions() throws Exception {
        String tenant = mvc.perform(get("/get_cdr")).andExpect(status().isOk())
                .andExpect(jsonPath("$.data[*].caller_name", everyItem(is(""))))
                .andExpect(jsonPath("$.epoch").doesNotExist())
                .andReturn().getResponse().getHeader("Tenant-UUID");
        assertThat(UUID.fromString(tenant)).isNotIn(List.of(UUID.fromString("11111111-1111-4111-8111-111111111111"),
                UUID.fromString("22222222-2222-4222-8222-222222222222"), UUID.fromString("33333333-3333-4333-8333-333333333333")));
        String body = mvc.perform(get("/get_cdr")).andReturn().getResponse().getContentAsString();
        assertThat(body).containsPattern("\"duration\":[0-9]+\\.[0-9]{3}[,}]");
        // Whatever tenant a request names, the answer is its own tenant's.
        mvc.perform(get("/get_cdr").header("Tenant-UUID", "11111111-1111-4111-8111-111111111111"))
                .andExpect(status().isOk()).andExpect(header().string("Tenant-UUID", tenant));
    }

    @Test
    void whatTheOriginalPbxDidNotHaveIs404() throws Exception {
        mvc.perform(get("/cdrs")).andExpect(status().isNotFound());
        mvc.perform(get("/tenants")).andExpect(status().isNotFound());
        mvc.perform(get("/webhooks")).andExpect(status().isNotFound());
        mvc.perform(post("/webhooks").contentType(MediaType.APPLICATION_JSON).content("{\"url\":\"http://127.0.0.1:1/x\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void webhooksAreUnsignedAndSentOnceEachEvenWhenRefused() throws Exception {
        mvc.perform(get("/trigger_webhooks").param("outcome", "ANSWERED")).andExpect(status().isOk())
                .andExpect(header().string("Tenant-UUID", matchesPattern("[0-9a-f-]{36}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);
        Thread.sleep(1500); // a retry would come within the first backoff (500 ms)
        assertThat(received).hasSize(4).allSatisfy(r -> {
            assertThat(r.getHeaders().get("webhook-signature")).isNull();
            assertThat(r.getHeaders().get("webhook-id")).isNull();
            assertThat(r.getBody().utf8()).contains("\"caller_name\":\"\"");
        });
        // The final event, HANGUP, carries the duration, with its fraction.
        assertThat(received.get(3).getBody().utf8()).contains("\"action\":\"HANGUP\"")
                .containsPattern("\"duration\":[0-9]+\\.[0-9]{3}[,}]");
    }
}
