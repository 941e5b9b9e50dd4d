package com.crmtelephony.cdr.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.testsupport.TestTokens;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The erasure endpoints' web layer alone (a web slice: the controller and the error advice, the
 * erasure a mock, the services' token check in front): who may erase in which tenant, and every
 * bad request refused naming its field before anything is erased anywhere.
 */
@WebMvcTest(value = ErasureController.class, properties = "crm.embedded-postgres.enabled=false")
class ErasureControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();

    @MockitoBean
    Erasures erasures;

    static ErasureReceipt receipt(UUID id) {
        return new ErasureReceipt(id, TENANT, "number", ErasureReceipt.State.completed, "demo-tenant-1",
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:01Z"), List.of("erased-0123456789abcdef"),
                Map.of("contacts", 1, "calls", 2));
    }

    @Test
    void aTenantErasesInItsOwnDataAndTheSameRequestAgainAnswersTheSameReceipt() throws Exception {
        UUID id = UUID.randomUUID();
        given(erasures.erase(eq(TENANT), eq(new ErasureRequest.Subject("number", "+357 99 123456")), any()))
                .willReturn(new Erasures.Outcome(receipt(id), true), new Erasures.Outcome(receipt(id), false));
        String body = "{\"tenant\":\"" + TENANT + "\",\"number\":\"+357 99 123456\"}";
        mvc.perform(post("/cdr/privacy/erasures").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", endsWith("/cdr/privacy/erasures/" + id)))
                .andExpect(jsonPath("$.state").value("completed"))
                .andExpect(jsonPath("$.steps.calls").value(2));
        mvc.perform(post("/cdr/privacy/erasures").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id.toString()));
    }

    @Test
    void aTenantsKeyErasesNothingInAnotherTenantsData() throws Exception {
        mvc.perform(post("/cdr/privacy/erasures").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\":\"" + OTHER + "\",\"number\":\"+357 99 123456\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/cdr/privacy/erasures").with(TestTokens.admin()).header("tenant-uuid", TENANT.toString()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\":\"" + OTHER + "\",\"number\":\"+357 99 123456\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("tenant")));
        verifyNoInteractions(erasures);
    }

    @Test
    void badRequestsNameTheirFieldAndNothingIsErased() throws Exception {
        Map<String, String> bad = Map.of(
                "{\"number\":\"+357 99 123456\"}", "tenant",
                "{\"tenant\":\"" + TENANT + "\"}", "number and email",
                "{\"tenant\":\"" + TENANT + "\",\"number\":\"+357 99 123456\",\"email\":\"a@example.com\"}", "number and email",
                "{\"tenant\":\"" + TENANT + "\",\"number\":\"abc\"}", "number",
                "{\"tenant\":\"" + TENANT + "\",\"email\":\"alice\\u0000@example.com\"}", "email",
                "{\"tenant\":\"" + TENANT + "\",\"email\":\"" + "a".repeat(320) + "@example.com\"}", "email",
                "{\"tenant\":\"not-a-uuid\",\"number\":\"+357 99 123456\"}", "tenant");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            mvc.perform(post("/cdr/privacy/erasures").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON)
                            .content(request.getKey()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(request.getValue())));
        }
        mvc.perform(post("/cdr/privacy/erasures").with(tenant(TENANT)).contentType(MediaType.APPLICATION_JSON).content(""))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(erasures);
    }

    @Test
    void aReceiptIsTheTenantsOwn() throws Exception {
        UUID id = UUID.randomUUID();
        given(erasures.find(TENANT, id)).willReturn(Optional.of(receipt(id)));
        given(erasures.find(OTHER, id)).willReturn(Optional.empty());
        mvc.perform(get("/cdr/privacy/erasures/" + id).with(tenant(TENANT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.pseudonyms[0]").value("erased-0123456789abcdef"));
        mvc.perform(get("/cdr/privacy/erasures/" + id).with(tenant(OTHER)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/cdr/privacy/erasures/not-an-id").with(tenant(TENANT))).andExpect(status().isBadRequest());
    }

    @Test
    void withoutATokenNothingIsErased() throws Exception {
        mvc.perform(post("/cdr/privacy/erasures").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tenant\":\"" + TENANT + "\",\"number\":\"+357 99 123456\"}"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(erasures);
    }
}
