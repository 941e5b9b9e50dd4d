package com.crmtelephony.cdr.live;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.testsupport.TokenCheckedWebSlice;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The live events' web layer alone (a web slice: the controller, the error advice; the streams
 * mocked; the services' token check in front): where a stream resumes, what is not an event id,
 * and a share used up as 429 with Retry-After, nothing opened.
 */
@WebMvcTest(value = CallEventController.class, properties = "crm.embedded-postgres.enabled=false")
class CallEventControllerWebTests extends TokenCheckedWebSlice {

    private static final UUID TENANT = UUID.randomUUID();

    @MockitoBean
    LiveCalls live;

    @Test
    void aStreamResumesAfterTheIdInTheHeaderOrElseTheParameter() throws Exception {
        given(live.open(eq(TENANT), eq("test-key"), any())).willAnswer(invocation -> new SseEmitter(1L));
        mvc.perform(get("/cdr/events").with(tenant(TENANT)).header("Last-Event-ID", "41").param("last_event_id", "7"))
                .andExpect(status().isOk());
        verify(live).open(TENANT, "test-key", 41L);
        mvc.perform(get("/cdr/events").with(tenant(TENANT)).param("last_event_id", "7")).andExpect(status().isOk());
        verify(live).open(TENANT, "test-key", 7L);
        mvc.perform(get("/cdr/events").with(tenant(TENANT))).andExpect(status().isOk());
        verify(live).open(TENANT, "test-key", null);
    }

    @Test
    void anIdThatIsNotOneThisStreamSentIsABadRequestNothingOpened() throws Exception {
        for (String bad : new String[] {"-1", "abc", "1".repeat(19), "1 OR 1=1", ""}) {
            mvc.perform(get("/cdr/events").with(tenant(TENANT)).header("Last-Event-ID", bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("Last-Event-ID")));
        }
        verify(live, never()).open(any(), any(), any());
    }

    @Test
    void aTenantPastItsShareOfStreamsIsTooManyRequestsWithRetryAfter() throws Exception {
        given(live.open(eq(TENANT), any(), any())).willThrow(new ShareExceededException("tenant", 50, "event streams", 30));
        mvc.perform(get("/cdr/events").with(tenant(TENANT)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void withoutATokenNoStreamIsOpened() throws Exception {
        mvc.perform(get("/cdr/events")).andExpect(status().isUnauthorized());
        verify(live, never()).open(any(), any(), any());
    }
}
