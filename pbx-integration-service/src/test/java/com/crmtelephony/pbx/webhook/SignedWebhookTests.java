package com.crmtelephony.pbx.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer.Answer;
import com.crmtelephony.support.webhook.WebhookSignature;
import com.crmtelephony.testsupport.TestTokens;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Only authentic, fresh webhooks signed with their tenant's key are stored, each once, and reach
 * cdr-service from the inbox, whether cdr-service is up when they come or not.
 */
class SignedWebhookTests extends PbxIntegrationTest {

    static final String TENANT = "22222222-2222-4222-8222-222222222222";
    static final String OTHER_TENANT = "11111111-1111-4111-8111-111111111111";
    static final String BODY = body("call-1", "RING");
    final WebhookSignature signer = WebhookSignature.forTenant(SECRET, UUID.fromString(TENANT));

    static String body(String uuid, String action) {
        return "{\"uuid\":\"" + uuid + "\",\"action\":\"" + action + "\",\"caller_number\":35799123456}";
    }

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
    void anAuthenticWebhookIsStoredThenForwardedToCdrServiceUnchanged() throws Exception {
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        deliverSigned("msg_1", BODY).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("accepted")).andExpect(jsonPath("$.uuid").value("call-1"));
        assertThat(stored(TENANT, "msg_1")).as("stored before the 200").isEqualTo(1);
        awaitForwarded("call-1", 1);
        assertThat(cdr.requests("POST /cdr/post")).filteredOn(r -> r.body().contains("call-1")).singleElement().satisfies(r -> {
            assertThat(r.header("tenant-uuid")).isEqualTo(TENANT);
            assertThat(r.body()).isEqualTo("[" + BODY + "]");
            // No caller's token on this path: the service's own, for cdr-service alone.
            assertThat(TestTokens.verifiedClaims(r.header("Authorization"), TestTokens.PBX))
                    .containsEntry("iss", "pbx-integration-service").containsEntry("role", "admin")
                    .containsEntry("aud", java.util.List.of("cdr-service"));
        });
    }

    @Test
    void aBadMissingOrStaleSignatureIs401AndNothingIsStored() throws Exception {
        String body = body("call-2", "RING");
        long now = Instant.now().getEpochSecond();
        deliver("msg_2", now, signer.sign("msg_2", now, body), body.replace("RING", "HANGUP"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("does not match")));
        deliver("msg_3", now, new WebhookSignature("another secret").sign("msg_3", now, body), body)
                .andExpect(status().isUnauthorized());
        // The shared secret itself is no tenant's key.
        deliver("msg_3b", now, new WebhookSignature(SECRET).sign("msg_3b", now, body), body)
                .andExpect(status().isUnauthorized());
        long old = now - 600;
        deliver("msg_4", old, signer.sign("msg_4", old, body), body).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail", containsString("stale")));
        deliver(null, 0, null, body).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail", containsString("not signed")));
        for (String id : new String[] {"msg_2", "msg_3", "msg_3b", "msg_4"}) {
            assertThat(stored(TENANT, id)).as(id).isZero();
        }
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where body like '%call-2%'", Long.class)).isZero();
    }

    @Test
    void aRedeliveredMessageIsAcknowledgedButStoredAndForwardedOnce() throws Exception {
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        String body = body("call-5", "RING");
        deliverSigned("msg_5", body).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
        deliverSigned("msg_5", body).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
        assertThat(stored(TENANT, "msg_5")).isEqualTo(1);
        awaitForwarded("call-5", 1);
        // A redelivery after the event went on is still one.
        deliverSigned("msg_5", body).andExpect(jsonPath("$.status").value("duplicate"));
        Thread.sleep(300);
        assertThat(forwardedEventsOf("call-5")).hasSize(1);
    }

    @Test
    void withCdrServiceDownWebhooksAreTakenAndReachItInOrderWhenItIsBack() throws Exception {
        cdr.answer("POST /cdr/post", Answer.status(503));
        String[] actions = {"ORIGINATE", "RING", "ANSWERED", "HANGUP"};
        for (String action : actions) {
            deliverSigned("msg_6_" + action, body("call-6", action)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("accepted"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                mvc.perform(get("/actuator/health").header("Authorization", OPERATOR))
                        .andExpect(jsonPath("$.components.inbox.details.backlog").value(greaterThanOrEqualTo(4)))
                        .andExpect(jsonPath("$.components.inbox.details.lastFailure").exists()));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.components").doesNotExist());
        assertThat(forwardedEventsOf("call-6")).as("none taken yet").isEmpty();

        cdr.answer("POST /cdr/post", Answer.json("{}"));
        awaitForwarded("call-6", 4);
        assertThat(forwardedEventsOf("call-6")).as("in the order they came")
                .satisfiesExactly(e -> assertThat(e).contains("ORIGINATE"), e -> assertThat(e).contains("\"RING\""),
                        e -> assertThat(e).contains("ANSWERED"), e -> assertThat(e).contains("HANGUP"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from inbox_event where body like '%call-6%' and forwarded_at is null", Long.class)).isZero());
    }

    /** GET /pbx/inbox: what each tenant has waiting, counted from the inbox itself, and only its own. */
    @Test
    void eachTenantReadsItsOwnBacklog() throws Exception {
        cdr.answer("POST /cdr/post", Answer.status(503));
        deliverSigned("msg_bl_1", body("bl-1", "RING")).andExpect(status().isOk());
        deliverSigned("msg_bl_2", body("bl-2", "RING")).andExpect(status().isOk());
        for (String tenant : new String[] {TENANT, OTHER_TENANT}) {
            long pending = jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?::uuid"
                    + " and forwarded_at is null and rejected is null", Long.class, tenant);
            long rejected = jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?::uuid"
                    + " and rejected is not null", Long.class, tenant);
            mvc.perform(get("/pbx/inbox").with(com.crmtelephony.testsupport.TestTokens.tenant(UUID.fromString(tenant))))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.pending").value(pending))
                    .andExpect(jsonPath("$.rejected").value(rejected))
                    .andExpect(pending == 0 ? jsonPath("$.oldestPending").doesNotExist() : jsonPath("$.oldestPending").exists());
            if (tenant.equals(TENANT)) {
                assertThat(pending).isGreaterThanOrEqualTo(2);
            }
        }
        mvc.perform(get("/pbx/inbox")).andExpect(status().isUnauthorized());
        // An admin's key names no tenant of its own: without tenant-uuid there is no backlog to read.
        mvc.perform(get("/pbx/inbox").with(com.crmtelephony.testsupport.TestTokens.admin()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON));
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        awaitForwarded("bl-2", 1);
    }

    @Test
    void anEventCdrServiceRefusesIsSetAsideWithItsReasonAndTheOthersGoOn() throws Exception {
        cdr.answer("POST /cdr/post", request -> request.body().contains("\"direction\":\"up\"")
                ? new Answer(422, java.util.Map.of("Content-Type", "application/problem+json"),
                        "{\"status\":422,\"detail\":\"1 invalid field(s); first: direction must be inbound or outbound\"}")
                : Answer.json("{}"));
        deliverSigned("msg_7a", "{\"uuid\":\"call-7\",\"direction\":\"up\"}").andExpect(status().isOk());
        deliverSigned("msg_7b", body("call-7b", "RING")).andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("select rejected from inbox_event where tenant_id = ?::uuid and id = 'msg_7a'",
                    String.class, TENANT)).startsWith("422: ").contains("direction");
            assertThat(forwardedEventsOf("call-7b")).hasSize(1);
        });
        assertThat(jdbc.queryForObject("select forwarded_at is null from inbox_event where tenant_id = ?::uuid and id = 'msg_7a'",
                Boolean.class, TENANT)).as("set aside, not forwarded").isTrue();
    }

    @Test
    void aTokenCdrServiceRefusesIsItsFailureTheEventWaitsAndIsNotSetAside() throws Exception {
        cdr.answer("POST /cdr/post", new Answer(403, java.util.Map.of("Content-Type", "application/problem+json"),
                "{\"status\":403,\"detail\":\"not for this token\"}"));
        deliverSigned("msg_7c", body("call-7c", "RING")).andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr.requests("POST /cdr/post").stream()
                .filter(r -> r.body().contains("call-7c")).count() >= 2);
        assertThat(jdbc.queryForObject("select rejected is null and forwarded_at is null from inbox_event "
                + "where tenant_id = ?::uuid and id = 'msg_7c'", Boolean.class, TENANT)).isTrue();
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select forwarded_at is not null from inbox_event where tenant_id = ?::uuid and id = 'msg_7c'",
                Boolean.class, TENANT)).isTrue());
    }

    @Test
    void eachTenantsEventsGoToCdrServiceUnderThatTenantOnly() throws Exception {
        cdr.answer("POST /cdr/post", Answer.status(503));
        WebhookSignature otherSigner = WebhookSignature.forTenant(SECRET, UUID.fromString(OTHER_TENANT));
        for (int i = 0; i < 3; i++) {
            deliverSigned("msg_iso_a" + i, body("iso-a-" + i, "RING")).andExpect(status().isOk());
            long now = Instant.now().getEpochSecond();
            String other = body("iso-b-" + i, "RING");
            mvc.perform(delivery(OTHER_TENANT, "msg_iso_b" + i, now, otherSigner.sign("msg_iso_b" + i, now, other), other))
                    .andExpect(status().isOk());
        }
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        awaitForwarded("iso-a-2", 1);
        awaitForwarded("iso-b-2", 1);
        assertThat(cdr.requests("POST /cdr/post")).filteredOn(r -> r.body().contains("iso-")).isNotEmpty().allSatisfy(r ->
                assertThat(r.body()).doesNotContain(TENANT.equals(r.header("tenant-uuid")) ? "iso-b-" : "iso-a-"));
    }

    @Test
    void aWebhookWithoutTenantOrCallIs400AndNothingIsStored() throws Exception {
        long now = Instant.now().getEpochSecond();
        mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).content(BODY)
                        .header(WebhookSignature.ID, "m").header(WebhookSignature.TIMESTAMP, Long.toString(now))
                        .header(WebhookSignature.SIGNATURE, signer.sign("m", now, BODY)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("Tenant-UUID")));
        deliverSigned("msg_8", "[1,2]").andExpect(status().isBadRequest());
        deliverSigned("msg_9", "{not json").andExpect(status().isBadRequest());
        String longId = "msg_" + "x".repeat(300);
        deliverSigned(longId, body("call-8", "RING")).andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("webhook-id")));
        for (String id : new String[] {"m", "msg_8", "msg_9", longId}) {
            assertThat(stored(TENANT, id)).as(id).isZero();
        }
    }

    @Test
    void aDeliverySignedForOneTenantIsRefusedWhenAimedAtAnother() throws Exception {
        long now = Instant.now().getEpochSecond();
        mvc.perform(delivery(OTHER_TENANT, "msg_10", now, signer.sign("msg_10", now, BODY), BODY))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail", containsString("does not match")));
        assertThat(stored(OTHER_TENANT, "msg_10")).isZero();
    }

    @Test
    void aWebhookForATenantThePbxDoesNotServeIs403() throws Exception {
        String stranger = "33333333-3333-4333-8333-333333333333";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.forTenant(SECRET, UUID.fromString(stranger)).sign("msg_11", now, BODY);
        mvc.perform(delivery(stranger, "msg_11", now, signature, BODY))
                .andExpect(status().isForbidden()).andExpect(header().string("Content-Type", "application/problem+json"));
        assertThat(stored(stranger, "msg_11")).isZero();
    }

    @Test
    void anEventWithANulIs422NamingTheFieldAndIsNeverStored() throws Exception {
        deliverSigned("msg_nul", "{\"uuid\":\"call-3\",\"domain_name\":\"a\\u0000b\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("domain_name")));
        assertThat(stored(TENANT, "msg_nul")).isZero();
    }

    @Test
    void aBodyOverTheWebhookLimitIs413BeforeItsSignatureIsChecked() throws Exception {
        String big = "{\"uuid\":\"call-4\",\"caller_name\":\"" + "x".repeat(70_000) + "\"}";
        deliverSigned("msg_13", big).andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        assertThat(stored(TENANT, "msg_13")).isZero();
    }
}
