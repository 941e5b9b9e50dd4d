package com.crmtelephony.pbx.pbx;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer.Answer;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.Traces.newTraceId;
import static com.crmtelephony.testsupport.Traces.traceparent;
import static com.crmtelephony.testsupport.Traces.continues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PbxProxyTests extends PbxIntegrationTest {

    static final String TENANT = "33333333-3333-4333-8333-333333333333";
    static final java.util.UUID TENANT_ID = java.util.UUID.fromString(TENANT);

    @Test
    void getCdrAndTriggerWebhooksAreTheirPbxAnswersForTheTenant() throws Exception {
        pbx.answer("GET /get_cdr", new Answer(200, Map.of("Content-Type", "application/json", "Tenant-UUID", TENANT),
                "{\"total\":1,\"data\":[{\"uuid\":\"u1\",\"caller_number\":35799123456}]}"));
        pbx.answer("GET /trigger_webhooks", Answer.json("{\"status\":\"firing webhooks\"}"));
        mvc.perform(get("/pbx/get_cdr").with(tenant(TENANT_ID)))
                .andExpect(status().isOk()).andExpect(header().string("Tenant-UUID", TENANT))
                .andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.data[0].caller_number").value(35799123456L));
        mvc.perform(get("/pbx/trigger_webhooks").with(tenant(TENANT_ID)))
                .andExpect(jsonPath("$.status").value("firing webhooks"));
        assertThat(pbx.requests("GET /get_cdr").get(0).header("Tenant-UUID")).isEqualTo(TENANT);
        assertThat(pbx.requests("GET /trigger_webhooks").get(0).header("Tenant-UUID")).isEqualTo(TENANT);
    }

    @Test
    void callsPageThroughCdrsWhereThePbxCan() throws Exception {
        pbx.answer("GET /cdrs", Answer.json("{\"total\":30,\"next\":12,\"epoch\":\"e-7\",\"data\":[{\"uuid\":\"u12\"}]}"));
        mvc.perform(get("/pbx/calls").with(tenant(TENANT_ID)).param("since", "11").param("limit", "1"))
                .andExpect(jsonPath("$.next").value(12)).andExpect(jsonPath("$.epoch").value("e-7"))
                .andExpect(jsonPath("$.data[0].uuid").value("u12"));
        assertThat(pbx.requests("GET /cdrs").get(0).uri()).isEqualTo("/cdrs?since=11&limit=1");
    }

    @Test
    void againstTheOriginalPbxCallsAreAllOfGetCdrWithNoCursor() throws Exception {
        pbx.answer("GET /get_cdr", new Answer(200, Map.of("Content-Type", "application/json", "Tenant-UUID", TENANT),
                "{\"total\":2,\"data\":[{\"uuid\":\"a\"},{\"uuid\":\"b\"}]}"));
        mvc.perform(get("/pbx/calls").with(tenant(TENANT_ID)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.next").doesNotExist()).andExpect(jsonPath("$.data.length()").value(2));
        // The tenants pulled are the connections' (here the configured PBX's), not whatever the PBX names.
        mvc.perform(get("/pbx/tenants").with(admin())).andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0]").value("11111111-1111-4111-8111-111111111111"));
        mvc.perform(get("/pbx/tenants").with(tenant(TENANT_ID))).andExpect(status().isForbidden());
    }

    @Test
    void theRequestsTraceGoesOnToThePbx() throws Exception {
        pbx.answer("GET /cdrs", Answer.json("{\"total\":0,\"next\":0,\"data\":[]}"));
        String trace = newTraceId();
        mvc.perform(get("/pbx/calls").with(tenant(TENANT_ID)).header("traceparent", traceparent(trace)))
                .andExpect(status().isOk());
        assertThat(pbx.requests("GET /cdrs")).singleElement()
                .satisfies(r -> assertThat(r.header("traceparent")).satisfies(continues(trace)));
    }

    @Test
    void aPbxThatIsDownIsA503ProblemAfterRetries() throws Exception {
        pbx.answer("GET /get_cdr", Answer.status(502));
        mvc.perform(get("/pbx/get_cdr").with(tenant(TENANT_ID)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("pbx is unavailable")));
        assertThat(pbx.requests("GET /get_cdr")).hasSize(3);
    }

    /** A single-tenant PBX names its own tenant whatever it is asked: its calls are no other tenant's. */
    @Test
    void aPbxAnsweringForAnotherTenantIsRefusedNamingBoth() throws Exception {
        String own = "44444444-4444-4444-8444-444444444444";
        pbx.answer("GET /cdrs", Answer.status(404));
        pbx.answer("GET /get_cdr", new Answer(200, Map.of("Content-Type", "application/json", "Tenant-UUID", own),
                "{\"total\":1,\"data\":[{\"uuid\":\"u1\",\"caller_number\":35799123456}]}"));
        for (String path : new String[] {"/pbx/calls", "/pbx/get_cdr"}) {
            mvc.perform(get(path).with(tenant(TENANT_ID)))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.detail").value("The PBX answered for tenant " + own + ", not for tenant " + TENANT
                            + ": nothing of its answer is passed on or stored"));
        }
        // An admin naming no tenant gets the PBX's answer, for the tenant it names.
        mvc.perform(get("/pbx/get_cdr").with(admin()))
                .andExpect(status().isOk()).andExpect(header().string("Tenant-UUID", own));
        mvc.perform(get("/pbx/calls").with(tenant(UUID.fromString(own)))).andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].uuid").value("u1"));
    }

    @Test
    void badCursorsAre400() throws Exception {
        mvc.perform(get("/pbx/calls").with(tenant(TENANT_ID)).param("limit", "0")).andExpect(status().isBadRequest());
        mvc.perform(get("/pbx/calls").with(admin()).header("tenant-uuid", "x")).andExpect(status().isBadRequest());
    }
}
