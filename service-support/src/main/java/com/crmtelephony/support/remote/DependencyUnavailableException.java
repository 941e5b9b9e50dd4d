package com.crmtelephony.support.remote;

/** A service this one needs did not answer (down, slow, or its circuit is open): 503 to the caller. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " is unavailable; nothing was half-written, try again shortly", cause);
    }
}
