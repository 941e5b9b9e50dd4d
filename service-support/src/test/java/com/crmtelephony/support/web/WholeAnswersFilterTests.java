package com.crmtelephony.support.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletResponse;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event stream gets the container's own response, whose flush reaches the client; any other
 * answer is held whole to be counted and hashed.
 */
class WholeAnswersFilterTests {

    final WholeAnswersFilter filter = new WholeAnswersFilter(List.of("/cdr/events"));

    ServletResponse seenBy(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
        AtomicReference<ServletResponse> seen = new AtomicReference<>();
        filter.doFilter(request, response, (req, res) -> seen.set(res));
        return seen.get();
    }

    @Test
    void anEventStreamsPathIsNeverHeldBackWhateverTheClientAccepts() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cdr/events");
        request.addHeader("Accept", "*/*");
        assertThat(seenBy(request, response)).isSameAs(response);
    }

    @Test
    void behindTheGatewaysPrefixTooWhichTheServiceSeesAsItsContextPath() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cdr-service/cdr/events");
        request.setContextPath("/cdr-service");
        assertThat(seenBy(request, response)).isSameAs(response);
    }

    @Test
    void aClientAskingForAnEventStreamGetsOneUnheld() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/other/stream");
        request.addHeader("Accept", "text/event-stream");
        assertThat(seenBy(request, response)).isSameAs(response);
    }

    @Test
    void otherAnswersLeaveWholeWithAnETag() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cdr/get");
        request.addHeader("Accept", "application/json");
        filter.doFilter(request, response, (req, res) -> {
            assertThat(res).isNotSameAs(response);
            res.getWriter().write("{\"calls\":[]}");
            res.flushBuffer();
            assertThat(response.getContentAsString()).as("held until the answer is whole").isEmpty();
        });
        assertThat(response.getContentAsString()).isEqualTo("{\"calls\":[]}");
        assertThat(response.getHeader("ETag")).isNotBlank();
        assertThat(response.getContentLength()).isEqualTo(12);
    }
}
