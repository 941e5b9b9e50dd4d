package com.crmtelephony.support.shares;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A tenant (or one of its keys) holds all of its share of a resource: 429 problem+json with
 * {@code Retry-After}, naming the share and its size. Other tenants keep theirs.
 */
public class ShareExceededException extends ErrorResponseException {

    public ShareExceededException(String share, int limit, String what, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(share, limit, what), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
    }

    private static ProblemDetail problem(String share, int limit, String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "This tenant's share '" + share + "' is used up: " + limit + " " + what + " at once");
        problem.setProperty("share", share);
        problem.setProperty("limit", limit);
        return problem;
    }
}
