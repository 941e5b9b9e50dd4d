package com.crmtelephony.cdr.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webhook endpoints' web layer alone (a web slice: the controller with config-repo's default
 * limits, the error advice; the repository mocked; the services' token check in front): what a
 * registration must be, the addresses it refuses in any written form, each tenant's cap, and
 * that a refusal stores nothing.
 */
@WebMvcTest(value = WebhookController.class, properties = "crm.embedded-postgres.enabled=false")
@EnableConfigurationProperties(OutboundProperties.class)
class WebhookControllerWebTests extends TokenCheckedWebSlice {

    /** A public address written as one: checked without a name to resolve (this machine has no DNS); nothing is sent to it. */
    private static final String PUBLIC = "https://93.184.216.34/hook";
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID ID = UUID.randomUUID();
    private static final Endpoint ENDPOINT = new Endpoint(ID, PUBLIC, List.of("ended"), true, null, null,
            null, Instant.parse("2026-12-01T10:00:00Z"));

    @MockitoBean
    OutboundRepository outbound;
    @MockitoBean
    OutboundMeters meters;

    private String registration(String url, String events, String secret) {
        return "{\"url\":" + (url == null ? "null" : "\"" + url + "\"") + ",\"events\":" + events
                + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}";
    }

    @Test
    void aRegistrationIsStoredWithItsEventsOnceAndItsSecretIsShownThisOnce() throws Exception {
        given(outbound.create(eq(TENANT), eq(PUBLIC), eq(List.of("ended", "missed")), anyString()))
                .willReturn(ENDPOINT);
        mvc.perform(post("/cdr/webhooks").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                        .content(registration(PUBLIC, "[\"ended\",\"missed\",\"ended\"]", null)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "webhooks/" + ID))
                .andExpect(jsonPath("$.secret").value(startsWith("whsec_")));
        mvc.perform(get("/cdr/webhooks").with(tenant(TENANT))).andExpect(status().isOk());
        verify(outbound).list(TENANT);
    }

    @Test
    void aBadRegistrationIsABadRequestNamingItsFieldNothingStored() throws Exception {
        String[][] bads = {
                {registration(null, "[\"ended\"]", null), "url"},
                {registration(PUBLIC + "a".repeat(2048), "[\"ended\"]", null), "url"},
                {registration(PUBLIC, "[]", null), "events"},
                {registration(PUBLIC, "[\"ended\",null]", null), "events"},
                {registration(PUBLIC, "[\"hangup\"]", null), "events"},
                {registration(PUBLIC, "[\"ended\"]", "whsec_c2hvcnQ="), "secret"},
                {registration(PUBLIC, "[\"ended\"]", "plain-secret-of-enough-length-000000"), "secret"},
        };
        for (String[] bad : bads) {
            mvc.perform(post("/cdr/webhooks").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(bad[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[1])));
        }
        verify(outbound, never()).create(any(), any(), anyList(), any());
    }

    @Test
    void anAddressThatIsNotPublicIsRefusedInAnyWrittenFormNothingStored() throws Exception {
        for (String url : List.of("http://127.0.0.1/hook", "http://2130706433/hook", "http://0x7f.1/hook", "http://[::1]/hook",
                "http://localhost/hook", "http://10.0.0.5/hook", "http://169.254.169.254/latest", "https://93.184.216.34:8443/hook",
                "ftp://93.184.216.34/hook", "http://[::ffff:127.0.0.1]/hook")) {
            mvc.perform(post("/cdr/webhooks").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                            .content(registration(url, "[\"ended\"]", null)))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(outbound, never()).create(any(), any(), anyList(), any());
    }

    @Test
    void aTenantAtItsCapOfEndpointsIsRefusedAndAnotherTenantIsNot() throws Exception {
        UUID other = UUID.randomUUID();
        given(outbound.count(TENANT)).willReturn(10);
        given(outbound.count(other)).willReturn(0);
        given(outbound.create(eq(other), any(), anyList(), anyString())).willReturn(ENDPOINT);
        String body = registration(PUBLIC, "[\"ended\"]", null);
        mvc.perform(post("/cdr/webhooks").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("10")));
        verify(outbound, never()).create(eq(TENANT), any(), anyList(), any());
        mvc.perform(post("/cdr/webhooks").with(tenant(other)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
    }

    @Test
    void anotherTenantsEndpointIsNotFoundWhateverIsAskedOfIt() throws Exception {
        given(outbound.delete(TENANT, ID)).willReturn(false);
        given(outbound.rotate(eq(TENANT), eq(ID), anyString(), any())).willReturn(Optional.empty());
        given(outbound.enable(TENANT, ID)).willReturn(Optional.empty());
        given(outbound.find(TENANT, ID)).willReturn(Optional.empty());
        mvc.perform(delete("/cdr/webhooks/" + ID).with(tenant(TENANT))).andExpect(status().isNotFound());
        mvc.perform(post("/cdr/webhooks/" + ID + "/rotate-secret").with(tenant(TENANT))).andExpect(status().isNotFound());
        mvc.perform(post("/cdr/webhooks/" + ID + "/enable").with(tenant(TENANT))).andExpect(status().isNotFound());
        mvc.perform(get("/cdr/webhooks/" + ID + "/deliveries").with(tenant(TENANT)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(outbound, never()).deliveries(any(), any(), anyInt());
    }

    @Test
    void aRotatedSecretIsNewAndShownOnceAndTheLogsSizeIsBounded() throws Exception {
        given(outbound.rotate(eq(TENANT), eq(ID), anyString(), eq(WebhookController.ROTATION_OVERLAP))).willReturn(Optional.of(ENDPOINT));
        mvc.perform(post("/cdr/webhooks/" + ID + "/rotate-secret").with(tenant(TENANT)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.secret").value(startsWith("whsec_")));
        for (String size : List.of("0", "1001", "many")) {
            mvc.perform(get("/cdr/webhooks/" + ID + "/deliveries").with(tenant(TENANT)).param("size", size))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString("size")));
        }
        mvc.perform(delete("/cdr/webhooks/not-an-id").with(tenant(TENANT))).andExpect(status().isBadRequest());
        verify(outbound, never()).deliveries(any(), any(), anyInt());
        verify(outbound, never()).delete(any(), any());
    }

    @Test
    void withoutATokenNothingIsAnsweredOrStored() throws Exception {
        mvc.perform(get("/cdr/webhooks")).andExpect(status().isUnauthorized());
        mvc.perform(post("/cdr/webhooks").contentType(MediaType.APPLICATION_JSON)
                .content(registration(PUBLIC, "[\"ended\"]", null))).andExpect(status().isUnauthorized());
        verifyNoInteractions(outbound);
    }
}
