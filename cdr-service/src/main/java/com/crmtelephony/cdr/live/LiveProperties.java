package com.crmtelephony.cdr.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param heartbeat  how often an open stream gets a comment line, so that no proxy on the way (the
 *                   gateway answers within 30 s of silence) takes it for dead
 * @param maxAge     how long one stream stays open; the client resumes with Last-Event-ID, and its
 *                   key is checked again on the way (a revoked key does not keep a stream)
 * @param keep       how long events are kept to resume from
 * @param replayMax  the most events a resume replays; further behind, the stream starts with a
 *                   {@code reset} event (reload the calls) and goes on from now
 * @param maxStreams open streams per instance; one more is 503. The cap in force is the lower of
 *                   this and what {@code heapShare} of the heap holds at {@code streamBytes} each,
 *                   so that no number of streams ends the instance
 * @param streamBytes what one open stream costs the heap, measured (bench/RESULTS.md, live streams)
 * @param heapShare  the part of the heap all streams together may take
 * @param queue      events a stream may be behind its client; a client that stops reading for
 *                   longer is disconnected (it resumes with Last-Event-ID)
 * @param queueBytes the same, counted in bytes of the events waiting: a stream never holds more
 * @param senders    threads that write to the streams: a client that does not read holds one up
 *                   until the container's write timeout, not the others
 * @param listenUrl  the JDBC URL of the LISTEN connection, when the pool's goes through a
 *                   transaction-mode pooler (PgBouncer), which keeps no LISTEN: PostgreSQL itself;
 *                   blank: the pool's URL. The pool's user and password either way
 * @param listenCheck how often the LISTEN connection is asked a {@code select 1}: one that does
 *                   not answer within {@code listenTimeout} (a half-open connection, whose
 *                   notifications stopped silently) is dropped, and a new one catches up from
 *                   each stream's last event id
 * @param listenTimeout how long a read on the LISTEN connection may wait for an answer
 */
@ConfigurationProperties("crm.live")
public record LiveProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("15m") Duration maxAge,
        @DefaultValue("24h") Duration keep,
        @DefaultValue("1000") int replayMax,
        @DefaultValue("2000") int maxStreams,
        @DefaultValue("384KB") DataSize streamBytes,
        @DefaultValue("0.4") double heapShare,
        @DefaultValue("1000") int queue,
        @DefaultValue("256KB") DataSize queueBytes,
        @DefaultValue("4") int senders,
        String listenUrl,
        @DefaultValue("30s") Duration listenCheck,
        @DefaultValue("10s") Duration listenTimeout) {

    public LiveProperties {
        if (heapShare <= 0 || heapShare > 0.9) {
            throw new IllegalArgumentException("crm.live.heap-share must be above 0 and at most 0.9");
        }
        listenUrl = listenUrl == null || listenUrl.isBlank() ? null : listenUrl;
    }

    /** The streams this instance may hold: below what its heap holds, whatever maxStreams says. */
    public int streamCap(long maxHeapBytes) {
        long held = (long) (maxHeapBytes * heapShare) / Math.max(1, streamBytes.toBytes());
        return (int) Math.max(1, Math.min(maxStreams, held));
    }
}
