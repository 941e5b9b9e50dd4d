package com.crmtelephony.support.jobs;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** RFC 7240's {@code Prefer: respond-async}: long work answered 202 with its job instead of its result. */
public final class RespondAsync {

    public static final String PREFER = "Prefer";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String RESPOND_ASYNC = "respond-async";

    private RespondAsync() {
    }

    /** Whether {@code Prefer} (any number of preferences, with or without values) asks for it. */
    public static boolean requested(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split("[;=]", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (token.equals(RESPOND_ASYNC)) {
                return true;
            }
        }
        return false;
    }

    /**
     * 202 with the job, {@code Location} its resource: {@code jobsPath} is relative to the request's
     * own URI (RFC 9110 allows a relative reference), so it resolves right both on the service and
     * through the gateway's prefix.
     */
    public static ResponseEntity<Job> accepted(Job job, String jobsPath) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(jobsPath + job.id()))
                .header(PREFERENCE_APPLIED, RESPOND_ASYNC).body(job);
    }
}
