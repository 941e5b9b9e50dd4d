package com.crmtelephony.pbx.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.connection.Connection;
import com.crmtelephony.pbx.connection.Connections;
import com.crmtelephony.pbx.inbox.Inbox;
import com.crmtelephony.pbx.inbox.InboxEvent;
import com.crmtelephony.support.web.DatabaseUnavailable;
import com.crmtelephony.support.webhook.WebhookSignature;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The PBX's webhooks' web layer alone (a web slice: the controller, the error advice, the
 * services' token check, which lets the PBX's signed path through; the inbox mocked; the clock
 * fixed): the order of the checks, each refusal as problem+json with nothing stored, and the
 * inbox's failure as 503 with Retry-After so that the PBX delivers again.
 */
@WebMvcTest(value = WebhookController.class, properties = {"crm.embedded-postgres.enabled=false",
        "crm.pbx.webhook-secret=" + WebhookControllerWebTests.SECRET,
        "crm.pbx.tenants=" + WebhookControllerWebTests.SERVED + "," + WebhookControllerWebTests.OTHER_SERVED})
@EnableConfigurationProperties(PbxIntegrationProperties.class)
@Import(DatabaseUnavailable.class) // as service-support adds it to a running service
class WebhookControllerWebTests extends TokenCheckedWebSlice {

    static final String SECRET = "a-shared-secret-for-tests";
    static final String SERVED = "11111111-1111-4111-8111-111111111111";
    static final String OTHER_SERVED = "22222222-2222-4222-8222-222222222222";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String BODY = "{\"uuid\":\"call-1\",\"action\":\"RING\"}";

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @MockitoBean
    Inbox inbox;

    /** The two served tenants' connections, each signed with its key derived from the shared secret. */
    @MockitoBean
    Connections connections;

    @org.junit.jupiter.api.BeforeEach
    void connected() {
        given(connections.of(any())).willAnswer(call -> {
            UUID tenant = call.getArgument(0);
            return java.util.Optional.ofNullable(List.of(SERVED, OTHER_SERVED).contains(tenant.toString())
                    ? new Connection(tenant, "lb://mock-pbx", Connection.SIGNED, null, WebhookSignature.tenantSecret(SECRET, tenant), false)
                    : null);
        });
    }

    private static MockHttpServletRequestBuilder webhook(String tenant, String keyTenant, String id, long at, String body) {
        String signature = WebhookSignature.forTenant(SECRET, UUID.fromString(keyTenant)).sign(id, at, body);
        return post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).header("Tenant-UUID", tenant)
                .header(WebhookSignature.ID, id).header(WebhookSignature.TIMESTAMP, Long.toString(at))
                .header(WebhookSignature.SIGNATURE, signature).content(body);
    }

    @Test
    void aSignedEventIsStoredOnceAndARedeliveryIsAcknowledgedAsADuplicate() throws Exception {
        given(inbox.store(InboxEvent.signed(UUID.fromString(SERVED), "msg-1", BODY))).willReturn(Inbox.Stored.NEW, Inbox.Stored.DUPLICATE);
        mvc.perform(webhook(SERVED, SERVED, "msg-1", NOW.getEpochSecond(), BODY))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted")).andExpect(jsonPath("$.uuid").value("call-1"));
        mvc.perform(webhook(SERVED, SERVED, "msg-1", NOW.getEpochSecond(), BODY))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
    }

    @Test
    void anEventSignedWithAnotherTenantsKeyStaleOrUnsignedIsUnauthorizedNothingStored() throws Exception {
        mvc.perform(webhook(SERVED, OTHER_SERVED, "msg-2", NOW.getEpochSecond(), BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("webhook-signature")));
        mvc.perform(webhook(SERVED, SERVED, "msg-3", NOW.minusSeconds(301).getEpochSecond(), BODY))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail").value(containsString("stale")));
        mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).header("Tenant-UUID", SERVED).content(BODY))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail").value(containsString("not signed")));
        mvc.perform(webhook(SERVED, SERVED, "m".repeat(300), NOW.getEpochSecond(), BODY))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("webhook-id")));
        // The body changed after signing.
        mvc.perform(webhook(SERVED, SERVED, "msg-4", NOW.getEpochSecond(), BODY).content("{\"uuid\":\"call-2\",\"action\":\"RING\"}"))
                .andExpect(status().isUnauthorized());
        verify(inbox, never()).store(any());
    }

    @Test
    void aTenantThisPbxDoesNotServeIsForbiddenBeforeItsSignatureIsLookedAt() throws Exception {
        String stranger = UUID.randomUUID().toString();
        mvc.perform(webhook(stranger, stranger, "msg-5", NOW.getEpochSecond(), BODY))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        for (String bad : new String[] {"", "not-a-uuid", "1 OR 1=1"}) {
            mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON).header("Tenant-UUID", bad).content(BODY))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("Tenant-UUID")));
        }
        verify(inbox, never()).store(any());
    }

    @Test
    void aSignedBodyThatIsNoCallIsRefusedAndANulIsTheSendersErrorNothingStored() throws Exception {
        String[][] bads = {{"not json", "400"}, {"[]", "400"}, {"{\"action\":\"RING\"}", "400"}, {"{\"uuid\":42}", "400"},
                {"{\"uuid\":\"call-1\",\"caller_name\":\"Al\\u0000ice\"}", "422"}};
        int n = 0;
        for (String[] bad : bads) {
            mvc.perform(webhook(SERVED, SERVED, "msg-bad-" + n++, NOW.getEpochSecond(), bad[0]))
                    .andExpect(status().is(Integer.parseInt(bad[1])))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(inbox, never()).store(any());
    }

    @Test
    void withTheInboxUnableToStoreThePbxIsToldToDeliverAgain() throws Exception {
        given(inbox.store(any())).willThrow(new DataAccessResourceFailureException("The inbox is full"));
        mvc.perform(webhook(SERVED, SERVED, "msg-6", NOW.getEpochSecond(), BODY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
