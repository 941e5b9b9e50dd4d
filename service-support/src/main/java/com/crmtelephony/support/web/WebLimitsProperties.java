package com.crmtelephony.support.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize the largest request body, counted in bytes whether it has a
 *                       Content-Length or is chunked; larger: 413, before anything is parsed or stored
 * @param limits         other limits for some paths (a CSV import may be larger, a webhook smaller)
 * @param eventStreams   the paths that answer with Server-Sent Events: each event leaves as it is
 *                       sent, never held back to be counted or hashed ({@link WholeAnswersFilter})
 */
@ConfigurationProperties("crm.web")
public record WebLimitsProperties(@DefaultValue("10MB") DataSize maxRequestSize, List<PathLimit> limits,
                                  List<String> eventStreams) {

    public WebLimitsProperties {
        limits = limits == null ? List.of() : List.copyOf(limits);
        eventStreams = eventStreams == null ? List.of() : List.copyOf(eventStreams);
    }

    /** The limit for a request path (as the service sees it, without the gateway's prefix). */
    public long limitFor(String path) {
        for (PathLimit limit : limits) {
            if (limit.path().equals(path)) {
                return limit.maxSize().toBytes();
            }
        }
        return maxRequestSize.toBytes();
    }

    /**
     * @param path    the exact request path
     * @param maxSize its largest body
     */
    public record PathLimit(String path, DataSize maxSize) {
    }
}
