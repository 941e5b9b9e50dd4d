package com.crmtelephony.support.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request body passed its limit; an {@link ErrorResponseException}, so every advice answers 413 problem+json. */
public class RequestTooLargeException extends ErrorResponseException {

    public RequestTooLargeException(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "Request body exceeds the limit of " + limit + " bytes"), null);
    }

    /** The limit's exception if it is behind {@code failure} (a body converter wraps what its stream throws). */
    public static RequestTooLargeException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
