package com.crmtelephony.support.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every non-canonical path (see {@link CanonicalPaths}) with 400 before any other filter,
 * mapping or access check sees it. The gateway refuses the same paths; this is the service's own
 * guard, for whatever reaches it without the gateway.
 */
public class CanonicalPathFilter extends OncePerRequestFilter {

    private final boolean allowTrailingSlash;

    public CanonicalPathFilter(boolean allowTrailingSlash) {
        this.allowTrailingSlash = allowTrailingSlash;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // getRequestURI is the path as the client sent it, before decoding and normalising.
        String violation = CanonicalPaths.violation(request.getRequestURI(), allowTrailingSlash);
        if (violation != null) {
            ServletProblems.write(response, 400, "Non-canonical request path: " + violation, null);
            return;
        }
        chain.doFilter(request, response);
    }
}
