package com.crmtelephony.cdr.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param heartbeat  how often an open stream gets a comment line, so that no proxy on the way (the
 *                   gateway answers within 30 s of silence) takes it for dead
 * @param maxAge     how long one stream stays open; the client resumes with Last-Event-ID, and its
 *                   key is checked again on the way (a revoked key does not keep a stream)
 * @param keep       how long events are kept to resume from
 * @param replayMax  the most events a resume replays; further behind, the stream starts with a
 *                   {@code reset} event (reload the calls) and goes on from now
 * @param maxStreams open streams per instance; one more is 503
 * @param queue      events a stream may be behind its client; a client that stops reading for
 *                   longer is disconnected (it resumes with Last-Event-ID)
 * @param senders    threads that write to the streams: a client that does not read holds one up
 *                   until the container's write timeout, not the others
 */
@ConfigurationProperties("crm.live")
public record LiveProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("15m") Duration maxAge,
        @DefaultValue("24h") Duration keep,
        @DefaultValue("1000") int replayMax,
        @DefaultValue("2000") int maxStreams,
        @DefaultValue("1000") int queue,
        @DefaultValue("4") int senders) {
}
