package com.crmtelephony.pbx.webhook;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Only where explicitly enabled, and then only for the PBX's own tenants, unsigned webhooks (the original PBX) are accepted. */
@TestPropertySource(properties = "crm.pbx.webhook-unsigned=true")
class UnsignedWebhookTests extends PbxIntegrationTest {

    @Test
    void anUnsignedWebhookIsStoredOnceAndForwarded() throws Exception {
        cdr.answer("POST /cdr/post", Answer.json("{}"));
        var delivery = post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON)
                .header("Tenant-UUID", "11111111-1111-4111-8111-111111111111")
                .content("{\"uuid\":\"unsigned-1\",\"action\":\"ORIGINATE\"}");
        mvc.perform(delivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("accepted"));
        // No webhook-id: the same tenant and body again is the same event, delivered again.
        mvc.perform(delivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
        awaitForwarded("unsigned-1", 1);
        assertThat(jdbc.queryForObject("select id from inbox_event where body like '%unsigned-1%'", String.class))
                .startsWith("sha256:");
    }

    @Test
    void anUnsignedWebhookForATenantThePbxDoesNotServeIs403() throws Exception {
        mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON)
                        .header("Tenant-UUID", "33333333-3333-4333-8333-333333333333")
                        .content("{\"uuid\":\"c\",\"action\":\"ORIGINATE\"}"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ?::uuid", Long.class,
                "33333333-3333-4333-8333-333333333333")).isZero();
    }
}
