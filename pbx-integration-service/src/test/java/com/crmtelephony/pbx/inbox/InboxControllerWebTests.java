package com.crmtelephony.pbx.inbox;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The backlog's web layer alone (a web slice; the repository mocked; the services' token check in
 * front): the tenant's own backlog, the one its token names, whatever header it sends.
 */
@WebMvcTest(value = InboxController.class, properties = "crm.embedded-postgres.enabled=false")
class InboxControllerWebTests extends TokenCheckedWebSlice {

    @MockitoBean
    InboxRepository inbox;

    @Test
    void aTenantReadsItsOwnBacklogAndNamingAnotherIsForbidden() throws Exception {
        UUID tenant = UUID.randomUUID();
        given(inbox.backlog(tenant)).willReturn(new InboxStatus(3, Instant.parse("2026-12-01T10:00:00Z"), 1));
        mvc.perform(get("/pbx/inbox").with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pending").value(3))
                .andExpect(jsonPath("$.rejected").value(1));
        mvc.perform(get("/pbx/inbox").with(tenant(tenant)).header("tenant-uuid", UUID.randomUUID().toString()))
                .andExpect(status().isForbidden());
    }

    @Test
    void withoutATokenNothingIsRead() throws Exception {
        mvc.perform(get("/pbx/inbox")).andExpect(status().isUnauthorized());
        verifyNoInteractions(inbox);
    }
}
