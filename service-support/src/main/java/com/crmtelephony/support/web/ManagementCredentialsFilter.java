package com.crmtelephony.support.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A service's actuator, but for health (which probes and compose ask without credentials), is for
 * operators: HTTP Basic with the management credential ({@code MANAGEMENT_USER},
 * {@code MANAGEMENT_PASSWORD}), else 401 problem+json. Refresh re-reads configuration, env shows
 * it, metrics count tenants' traffic: none of it answers a caller that merely reaches the port.
 */
public class ManagementCredentialsFilter extends OncePerRequestFilter {

    private final byte[] expected;

    public ManagementCredentialsFilter(String user, String password) {
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
        boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        return !actuator || health;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"management\"");
            ServletProblems.write(response, 401, "The actuator needs the management credential", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
