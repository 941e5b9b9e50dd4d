package com.crmtelephony.pbx.pbx;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The PBX adapter's web layer alone (a web slice: the controller, the error advice; the PBX's
 * client mocked; the services' token check in front): what of the PBX's answer passes through,
 * the calls' bounds, the tenants for admins only, and the PBX down as 503 with Retry-After.
 */
@WebMvcTest(value = PbxController.class, properties = "crm.embedded-postgres.enabled=false")
class PbxControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @MockitoBean
    PbxClient pbx;

    @Test
    void thePbxsAnswerPassesWithItsStatusAndOnlyTheHeadersTheContractNames() throws Exception {
        given(pbx.getCdr(TENANT)).willReturn(ResponseEntity.status(HttpStatus.OK).header("Tenant-UUID", TENANT.toString())
                .header("X-Call-UUID", "call-1").header("Set-Cookie", "pbx-session=1").header("Server", "pbx/1.0")
                .body(JSON.readTree("[{\"uuid\":\"call-1\"}]")));
        mvc.perform(get("/pbx/get_cdr").with(tenant(TENANT)))
                .andExpect(status().isOk())
                .andExpect(header().string("Tenant-UUID", TENANT.toString()))
                .andExpect(header().string("X-Call-UUID", "call-1"))
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(jsonPath("$[0].uuid").value("call-1"));
        given(pbx.triggerWebhooks(TENANT)).willReturn(ResponseEntity.status(HttpStatus.NOT_FOUND).body(JSON.readTree("{\"error\":\"no tenant\"}")));
        mvc.perform(get("/pbx/trigger_webhooks").with(tenant(TENANT))).andExpect(status().isNotFound());
    }

    @Test
    void callsAreReadWithinTheirBoundsAndOutsideThemNothingIsAsked() throws Exception {
        given(pbx.calls(TENANT, 42, 100)).willReturn(new PbxClient.CallPage(1, 43L, "e1", JSON.readTree("[]")));
        mvc.perform(get("/pbx/calls").with(tenant(TENANT)).param("since", "42").param("limit", "100"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.next").value(43));
        for (String[] bad : new String[][] {{"since", "-1"}, {"limit", "0"}, {"limit", "5001"}, {"limit", "lots"}}) {
            mvc.perform(get("/pbx/calls").with(tenant(TENANT)).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString(bad[0])));
        }
        verify(pbx).calls(any(), anyLong(), anyInt());
    }

    @Test
    void thePbxsTenantsAreForAdminsOnly() throws Exception {
        UUID one = UUID.randomUUID();
        given(pbx.tenants()).willReturn(List.of(one));
        mvc.perform(get("/pbx/tenants").with(admin())).andExpect(status().isOk()).andExpect(jsonPath("$[0]").value(one.toString()));
        mvc.perform(get("/pbx/tenants").with(tenant(TENANT)).header("X-Crm-Role", "admin"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(pbx).tenants();
    }

    @Test
    void withThePbxDownTheAnswerIsServiceUnavailableWithRetryAfter() throws Exception {
        given(pbx.calls(any(), anyLong(), anyInt())).willThrow(new DependencyUnavailableException("The PBX", new java.net.ConnectException()));
        mvc.perform(get("/pbx/calls").with(tenant(TENANT)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void withoutATokenThePbxIsNotAsked() throws Exception {
        mvc.perform(get("/pbx/get_cdr")).andExpect(status().isUnauthorized());
        mvc.perform(get("/pbx/tenants")).andExpect(status().isUnauthorized());
        verifyNoInteractions(pbx);
        verify(pbx, never()).getCdr(any());
    }
}
