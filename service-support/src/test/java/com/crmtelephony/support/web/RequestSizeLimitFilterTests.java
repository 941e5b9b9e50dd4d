package com.crmtelephony.support.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSizeLimitFilterTests {

    final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(new WebLimitsProperties(DataSize.ofBytes(100),
            List.of(new WebLimitsProperties.PathLimit("/import", DataSize.ofBytes(1000))), null));

    /** A chunked request: no Content-Length, only a stream. */
    static MockHttpServletRequest chunked(String path, int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public ServletInputStream getInputStream() {
                return new DelegatingServletInputStream(new ByteArrayInputStream(new byte[bytes]));
            }
        };
        request.addHeader("Transfer-Encoding", "chunked");
        return request;
    }

    static long drain(jakarta.servlet.ServletRequest request, boolean asReader) throws IOException {
        long n = 0;
        if (asReader) {
            while (request.getReader().read() >= 0) {
                n++;
            }
        } else {
            byte[] buf = new byte[7];
            for (int r; (r = request.getInputStream().read(buf)) >= 0; ) {
                n += r;
            }
        }
        return n;
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cdr/post");
        request.setContent(new byte[101]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("the chain must not run");
        });
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("100 bytes");
    }

    @Test
    void aChunkedBodyIsCountedAsItIsReadThroughTheStreamOrTheReader() throws Exception {
        for (boolean asReader : new boolean[] {false, true}) {
            AtomicLong read = new AtomicLong();
            filter.doFilter(chunked("/cdr/post", 100), new MockHttpServletResponse(),
                    (req, res) -> read.set(drain(req, asReader)));
            assertThat(read).hasValue(100);
            assertThatThrownBy(() -> filter.doFilter(chunked("/cdr/post", 101), new MockHttpServletResponse(),
                    (req, res) -> drain(req, asReader)))
                    .isInstanceOf(RequestTooLargeException.class);
        }
    }

    @Test
    void aPathWithALimitOfItsOwnGetsIt() throws Exception {
        AtomicLong read = new AtomicLong();
        filter.doFilter(chunked("/import", 1000), new MockHttpServletResponse(), (req, res) -> read.set(drain(req, false)));
        assertThat(read).hasValue(1000);
        assertThatThrownBy(() -> filter.doFilter(chunked("/import", 1001), new MockHttpServletResponse(),
                (req, res) -> drain(req, false))).isInstanceOf(RequestTooLargeException.class);
    }
}
