package com.crmtelephony.support.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A service's actuator, but for health (which probes and compose ask without credentials), is for
 * operators: HTTP Basic with the management credential ({@code MANAGEMENT_USER},
 * {@code MANAGEMENT_PASSWORD}), else 401 problem+json. Refresh re-reads configuration, env shows
 * it, metrics count tenants' traffic: none of it answers a caller that merely reaches the port.
 * Health answers everyone, with its details (a backlog, a database's error) for the operator
 * only: the credential makes the request the operator's, which {@code show-details:
 * when-authorized} looks for. Runs after Spring Security's filters, whose request wrapper would
 * otherwise hide that principal.
 */
public class ManagementCredentialsFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final String user;

    /** The operator, as the actuator's endpoints see them. */
    private static final class Operator extends HttpServletRequestWrapper {

        private final Principal principal;

        Operator(HttpServletRequest request, String user) {
            super(request);
            this.principal = () -> user;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }
    }

    public ManagementCredentialsFilter(String user, String password) {
        this.user = user;
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
        return !actuator;
    }

    private static boolean health(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean operator = presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
        if (operator) {
            chain.doFilter(new Operator(request, user), response);
            return;
        }
        if (health(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"management\"");
        ServletProblems.write(response, 401, "The actuator needs the management credential", request.getRequestURI());
    }
}
