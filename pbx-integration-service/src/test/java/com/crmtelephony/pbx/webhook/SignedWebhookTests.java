package com.crmtelephony.pbx.webhook;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.pbx.StubServer.Answer;
import com.crmtelephony.pbxcontract.WebhookSignature;

import static com.crmtelephony.testsupport.Traces.newTraceId;
import static com.crmtelephony.testsupport.Traces.traceparent;
import static com.crmtelephony.testsupport.Traces.continues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Only authentic, fresh webhooks signed with their tenant's key reach cdr-service, each once. */
class SignedWebhookTests extends PbxIntegrationTest {

    static final String TENANT = "22222222-2222-4222-8222-222222222222";
    static final String OTHER_TENANT = "11111111-1111-4111-8111-111111111111";
    static final String BODY = "{\"uuid\":\"call-1\",\"action\":\"RING\",\"caller_number\":35799123456}";
    final WebhookSignature signer = WebhookSignature.forTenant(SECRET, UUID.fromString(TENANT));

    MockHttpServletRequestBuilder delivery(String id, long timestamp, String signature, String body) {
        return delivery(TENANT, id, timestamp, signature, body);
    }

    MockHttpServletRequestBuilder delivery(String tenant, String id, long timestamp, String signature, String body) {
        var request = post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).content(body).header("Tenant-UUID", tenant);
        if (id != null) {
            request.header(WebhookSignature.ID, id).header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, signature);
        }
        return request;
    }

    MockHttpServletRequestBuilder signedDelivery(String id, String body) {
        long now = Instant.now().getEpochSecond();
        return delivery(id, now, signer.sign(id, now, body), body);
    }

    ResultActions deliver(String id, long timestamp, String signature, String body) throws Exception {
        return mvc.perform(delivery(id, timestamp, signature, body));
    }

    ResultActions deliverSigned(String id, String body) throws Exception {
        return mvc.perform(signedDelivery(id, body));
    }

    @Test
    void anAuthenticWebhookIsForwardedToCdrServiceUnchanged() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        deliverSigned("msg_1", BODY).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("accepted")).andExpect(jsonPath("$.uuid").value("call-1"));
        assertThat(cdr.requests("PUT /cdr/put")).singleElement().satisfies(r -> {
            assertThat(r.header("tenant-uuid")).isEqualTo(TENANT);
            assertThat(r.body()).isEqualTo(BODY);
            // No caller's token on this path: the service's own, for cdr-service alone.
            assertThat(TestTokens.verifiedClaims(r.header("Authorization"), TestTokens.PBX))
                    .containsEntry("iss", "pbx-integration-service").containsEntry("role", "admin")
                    .containsEntry("aud", java.util.List.of("cdr-service"));
        });
    }

    @Test
    void theWebhooksTraceGoesOnToCdrService() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        String trace = newTraceId();
        mvc.perform(signedDelivery("msg_traced", BODY).header("traceparent", traceparent(trace)))
                .andExpect(status().isOk());
        assertThat(cdr.requests("PUT /cdr/put")).singleElement()
                .satisfies(r -> assertThat(r.header("traceparent")).satisfies(continues(trace)));
    }

    @Test
    void aBadMissingOrStaleSignatureIs401AndNothingIsForwarded() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        long now = Instant.now().getEpochSecond();
        deliver("msg_2", now, signer.sign("msg_2", now, BODY), BODY.replace("RING", "HANGUP"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("does not match")));
        deliver("msg_3", now, new WebhookSignature("another secret").sign("msg_3", now, BODY), BODY)
                .andExpect(status().isUnauthorized());
        // The shared secret itself is no tenant's key.
        deliver("msg_3b", now, new WebhookSignature(SECRET).sign("msg_3b", now, BODY), BODY)
                .andExpect(status().isUnauthorized());
        long old = now - 600;
        deliver("msg_4", old, signer.sign("msg_4", old, BODY), BODY).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail", containsString("stale")));
        deliver(null, 0, null, BODY).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail", containsString("not signed")));
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
    }

    @Test
    void aRedeliveredMessageIsAcknowledgedButForwardedOnce() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        deliverSigned("msg_5", BODY).andExpect(status().isOk());
        deliverSigned("msg_5", BODY).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
        assertThat(cdr.requests("PUT /cdr/put")).hasSize(1);
    }

    @Test
    void withCdrServiceDownThePbxGets503AndItsRedeliveryGoesThroughLater() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.status(503));
        deliverSigned("msg_6", BODY).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(header().string("Content-Type", "application/problem+json"));
        assertThat(cdr.requests("PUT /cdr/put")).as("retried before giving up").hasSize(3);

        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        deliverSigned("msg_6", BODY).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
    }

    @Test
    void aCallCdrServiceRefusesIsRefusedWithItsReason() throws Exception {
        cdr.answer("PUT /cdr/put", new Answer(422, java.util.Map.of("Content-Type", "application/problem+json"),
                "{\"status\":422,\"detail\":\"1 invalid field(s); first: direction must be inbound or outbound\",\"errors\":[{\"field\":\"direction\"}]}"));
        deliverSigned("msg_7", "{\"uuid\":\"call-2\",\"direction\":\"up\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("direction")))
                .andExpect(jsonPath("$.errors[0].field").value("direction"));
        assertThat(cdr.requests("PUT /cdr/put")).as("a 4xx is not retried").hasSize(1);
    }

    @Test
    void aWebhookWithoutTenantOrCallIs400() throws Exception {
        long now = Instant.now().getEpochSecond();
        mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).content(BODY)
                        .header(WebhookSignature.ID, "m").header(WebhookSignature.TIMESTAMP, Long.toString(now))
                        .header(WebhookSignature.SIGNATURE, signer.sign("m", now, BODY)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("Tenant-UUID")));
        deliverSigned("msg_8", "[1,2]").andExpect(status().isBadRequest());
        deliverSigned("msg_9", "{not json").andExpect(status().isBadRequest());
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
    }

    @Test
    void aDeliverySignedForOneTenantIsRefusedWhenAimedAtAnother() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        long now = Instant.now().getEpochSecond();
        mvc.perform(delivery(OTHER_TENANT, "msg_10", now, signer.sign("msg_10", now, BODY), BODY))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail", containsString("does not match")));
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
    }

    @Test
    void aWebhookForATenantThePbxDoesNotServeIs403() throws Exception {
        String stranger = "33333333-3333-4333-8333-333333333333";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.forTenant(SECRET, UUID.fromString(stranger)).sign("msg_11", now, BODY);
        mvc.perform(delivery(stranger, "msg_11", now, signature, BODY))
                .andExpect(status().isForbidden()).andExpect(header().string("Content-Type", "application/problem+json"));
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
    }

    @Test
    void anEventWithANulIs422NamingTheFieldAndNeverReachesCdrService() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        for (int i = 0; i < 8; i++) {
            deliverSigned("msg_nul_" + i, "{\"uuid\":\"call-3\",\"domain_name\":\"a\\u0000b\"}")
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.detail", containsString("domain_name")));
        }
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
        // Malformed events do not open the circuit to cdr-service.
        deliverSigned("msg_12", BODY).andExpect(status().isOk());
    }

    @Test
    void aBodyOverTheWebhookLimitIs413BeforeItsSignatureIsChecked() throws Exception {
        String big = "{\"uuid\":\"call-4\",\"caller_name\":\"" + "x".repeat(70_000) + "\"}";
        deliverSigned("msg_13", big).andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        assertThat(cdr.requests("PUT /cdr/put")).isEmpty();
    }
}
