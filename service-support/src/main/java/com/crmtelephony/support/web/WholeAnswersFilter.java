package com.crmtelephony.support.web;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Answers leave whole, with Content-Length and an ETag, except event streams. Spring's wrapper
 * turns {@code flushBuffer()} into nothing even for a request that turned content caching off, so
 * an {@code SseEmitter} behind it writes into the container's buffer and nothing reaches the client
 * until 8 KiB have piled up: not even the headers, and a gateway gives up waiting (504). A stream
 * is known by its path ({@code crm.web.event-streams}) or by a client asking for one.
 */
public class WholeAnswersFilter extends ShallowEtagHeaderFilter {

    private final Set<String> eventStreams;

    public WholeAnswersFilter(List<String> eventStreams) {
        this.eventStreams = Set.copyOf(eventStreams);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Behind the gateway the context path is its route prefix (X-Forwarded-Prefix).
        if (eventStreams.contains(request.getRequestURI().substring(request.getContextPath().length()))) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE);
    }
}
