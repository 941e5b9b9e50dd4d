package com.crmtelephony.testsupport;

import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

/** Server-Sent Events as a stream wrote them: the events (comments and retry hints left out). */
public final class SseEvents {

    private SseEvents() {
    }

    /** One event: its id (null: none), name and data (its data lines joined). */
    public record Event(String id, String name, String data) {

        /** A value of the data, read as JSON. */
        public String json(String path) {
            Object value = JsonPath.read(data, path);
            return value == null ? null : value.toString();
        }
    }

    /** The events a stream's text holds; one still being written (no blank line after it yet) is not one. */
    public static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        String text = stream.replace("\r\n", "\n");
        text = text.substring(0, text.lastIndexOf("\n\n") + 1);
        for (String block : text.split("\n\n")) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
            if (name != null || !data.isEmpty()) {
                events.add(new Event(id, name == null ? "message" : name, data.toString()));
            }
        }
        return events;
    }
}
