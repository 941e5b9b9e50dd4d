package com.crmtelephony.support.jobs;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads     jobs of this instance that run at once
 * @param queue       jobs that may wait for a thread in the whole service (every instance takes
 *                    from the one queue); one more is refused with 503
 * @param heartbeat   how often an instance marks its running jobs alive, and looks for lost ones
 * @param staleAfter  a running job not marked alive for this long lost its instance (a crash): it
 *                    is queued again, or failed after {@code maxAttempts}
 * @param keep        how long an ended job can still be read
 * @param flushEvery  how often, at most, a running job writes its progress
 * @param spoolDir    where an upload waits on disk while it arrives, one folder per service;
 *                    files nobody wrote to for {@code staleAfter} are removed, at start-up too
 * @param poll        how often an instance with a free thread looks for queued jobs of others
 * @param maxAttempts how often a job is taken before a lost one fails instead of being queued again
 * @param drain       on shutdown, how long running jobs may go on before they are handed back
 *                    to the queue for another instance
 */
@ConfigurationProperties("crm.jobs")
public record JobsProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("20") int queue,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("60s") Duration staleAfter,
        @DefaultValue("7d") Duration keep,
        @DefaultValue("250ms") Duration flushEvery,
        Path spoolDir,
        @DefaultValue("2s") Duration poll,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration drain) {

    public JobsProperties {
        spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "crm-jobs");
        if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            // A job must outlive two missed heartbeats before another instance calls it lost.
            throw new IllegalArgumentException("crm.jobs.stale-after must be at least three heartbeats");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("crm.jobs.max-attempts must be at least 1");
        }
    }
}
