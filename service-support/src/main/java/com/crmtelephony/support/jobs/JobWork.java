package com.crmtelephony.support.jobs;

/**
 * One kind of job, a bean of the service that runs it. A job is recorded as its kind, its tenant,
 * its parameters and its file, never as code, so that whichever instance of the service takes it
 * from the queue runs it, after a shutdown or a crash too. The work may run more than once (an
 * instance that stopped in the middle): it must be idempotent, as upserts are.
 */
public interface JobWork {

    /** Its name in the {@code job} table and in clients' {@code kind} (at most 32 characters). */
    String kind();

    /** Does the job; its answer is the job's {@code result}. Any exception is its {@code failure}. */
    Object run(JobInput input, JobProgress progress);
}
