package com.crmtelephony.support.errors;

/**
 * This instance holds as much of something as it may (streams, queued jobs): 503, with how long
 * to wait before trying again. Mapped to problem+json in one place: support.web.ProblemResponses.
 */
public class BusyException extends RuntimeException {

    private final long retryAfterSeconds;

    public BusyException(String detail, long retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
