package com.crmtelephony.cdr.privacy;

import java.util.UUID;

/**
 * An erasure stopped at a step another service could not do: what is done stays done, and the
 * same request finishes it (error.ApiExceptionHandler answers 503 naming the erasure).
 */
public class ErasureIncompleteException extends RuntimeException {

    private final UUID erasure;

    ErasureIncompleteException(UUID erasure, String step, Throwable cause) {
        super("Erasure " + erasure + " is not complete: " + step
                + " could not do its part. What is done stays done; send the same request again.", cause);
        this.erasure = erasure;
    }

    public UUID erasure() {
        return erasure;
    }
}
