package com.crmtelephony.support.web;

import java.io.IOException;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/** A whole list as one JSON array, written element by element as its source produces them. */
public final class StreamedJson {

    private StreamedJson() {
    }

    /**
     * Answers 200 with the array of what {@code source} hands on. The answer is not buffered, so it
     * has no ETag and no Content-Length; an error after the first element can only cut it short.
     */
    public static <T> void array(HttpServletRequest request, HttpServletResponse response, JsonMapper json, Class<T> type,
                                 Consumer<Consumer<T>> source) throws IOException {
        ShallowEtagHeaderFilter.disableContentCaching(request);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // Not flushed per element (Jackson's default): each flush would be a chunk on the wire of its own.
        try (SequenceWriter array = json.writerFor(type).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .writeValuesAsArray(response.getOutputStream())) {
            source.accept(array::write);
        }
    }
}
