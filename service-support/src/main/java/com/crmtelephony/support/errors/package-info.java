/**
 * The domain's refusals, free of HTTP: services and domain objects throw these, and each
 * service's one exception handler (a {@code support.web.ProblemResponses}) answers them as
 * problem+json with their status.
 */
package com.crmtelephony.support.errors;
