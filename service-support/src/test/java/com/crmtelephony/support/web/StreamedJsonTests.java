package com.crmtelephony.support.web;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamedJsonTests {

    final JsonMapper json = JsonMapper.builder().build();
    final MockHttpServletRequest request = new MockHttpServletRequest();
    final MockHttpServletResponse response = new MockHttpServletResponse();

    void stream(Consumer<Consumer<String>> source) throws Exception {
        StreamedJson.array(request, response, json, String.class, source);
    }

    @Test
    void whatTheSourceHandsOnIsOneArray() throws Exception {
        stream(each -> List.of("a", "b").forEach(each));
        assertThat(response.getContentAsString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(response.getContentType()).startsWith("application/json");
    }

    @Test
    void nothingIsAnEmptyArray() throws Exception {
        stream(each -> { });
        assertThat(response.getContentAsString()).isEqualTo("[]");
    }

    @Test
    void aSourceFailingBeforeItsFirstElementWritesNothingSoTheRequestFailsAsAnyOther() {
        // Before: "200 []", the database being down read as a tenant without calls.
        assertThatThrownBy(() -> stream(each -> {
            throw new DataAccessResourceFailureException("database down");
        })).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(response.getContentType()).isNull();
    }

    @Test
    void aSourceFailingLaterLeavesTheArrayOpenNeverAWholeLookingList() throws Exception {
        assertThatThrownBy(() -> stream(each -> {
            each.accept("a");
            throw new DataAccessResourceFailureException("connection lost");
        })).isInstanceOf(DataAccessResourceFailureException.class);
        response.flushBuffer();
        // What Jackson had buffered is not flushed either: uncommitted, the request can still fail whole.
        assertThat(response.getContentAsString()).doesNotEndWith("]");
    }
}
