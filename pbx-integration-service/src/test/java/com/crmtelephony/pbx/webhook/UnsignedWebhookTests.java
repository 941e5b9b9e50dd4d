package com.crmtelephony.pbx.webhook;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** With no secret configured, the original PBX's unsigned webhooks are accepted. */
class UnsignedWebhookTests extends PbxIntegrationTest {

    @Test
    void anUnsignedWebhookIsForwarded() throws Exception {
        cdr.answer("PUT /cdr/put", Answer.json("{}"));
        mvc.perform(post("/pbx/webhook").contentType(MediaType.APPLICATION_JSON)
                        .header("Tenant-UUID", "11111111-1111-4111-8111-111111111111")
                        .content("{\"uuid\":\"c\",\"action\":\"ORIGINATE\"}"))
                .andExpect(status().isOk());
        assertThat(cdr.requests("PUT /cdr/put")).hasSize(1);
    }
}
