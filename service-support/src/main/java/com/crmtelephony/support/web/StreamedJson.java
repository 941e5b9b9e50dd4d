package com.crmtelephony.support.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectWriter;
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
     * has no ETag and no Content-Length. Nothing is written before the first element (or the
     * source's end): a source that fails at once (its database is down) fails the request as any
     * other would, with its own status and problem. One that fails later can only cut the answer
     * short, and the array is then left open, never closed into a list that looks whole.
     */
    public static <T> void array(HttpServletRequest request, HttpServletResponse response, JsonMapper json, Class<T> type,
                                 Consumer<Consumer<T>> source) throws IOException {
        ShallowEtagHeaderFilter.disableContentCaching(request);
        // Not flushed per element (Jackson's default): each flush would be a chunk on the wire of its own.
        ObjectWriter writer = json.writerFor(type).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        SequenceWriter[] array = new SequenceWriter[1];
        source.accept(element -> {
            if (array[0] == null) {
                array[0] = open(response, writer);
            }
            array[0].write(element);
        });
        if (array[0] == null) {
            array[0] = open(response, writer);
        }
        array[0].close();
    }

    private static SequenceWriter open(HttpServletResponse response, ObjectWriter writer) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            return writer.writeValuesAsArray(response.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
