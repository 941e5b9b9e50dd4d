package com.crmtelephony.support.jobs;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads    jobs of this instance that run at once
 * @param queue      jobs that may wait for a thread; one more is refused with 503
 * @param heartbeat  how often an instance marks its queued and running jobs alive
 * @param staleAfter a job not marked alive for this long lost its instance: it reads as failed
 * @param keep       how long an ended job can still be read
 * @param flushEvery how often, at most, a running job writes its progress
 * @param spoolDir   where a job's input (an upload) waits on disk, one folder per service:
 *                   files of jobs no instance runs any more are removed
 */
@ConfigurationProperties("crm.jobs")
public record JobsProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("20") int queue,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("60s") Duration staleAfter,
        @DefaultValue("7d") Duration keep,
        @DefaultValue("250ms") Duration flushEvery,
        Path spoolDir) {

    public JobsProperties {
        spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "crm-jobs");
        if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            // A job must outlive two missed heartbeats before another instance calls it lost.
            throw new IllegalArgumentException("crm.jobs.stale-after must be at least three heartbeats");
        }
    }
}
