package com.crmtelephony.support.audit;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.token.TokenClaims;

/**
 * Records every request made with an admin API key, and the writes of tenant keys that
 * {@code crm.audit.tenant-writes} lists (a token the gateway signed with the admin
 * role): every admin action, and every read or export of a tenant's data by an admin key. What
 * the services' own tokens do in the background is not an admin's doing and is not recorded.
 * The path is recorded without its query, which may hold personal data (a number searched for).
 */
public class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    /** A request attribute a controller sets when the tenant acted for is named in the body (an erasure). */
    public static final String TENANT_ATTRIBUTE = AuditFilter.class.getName() + ".tenant";

    private final AuditTrail trail;
    private final String gateway;
    private final List<RequestMatcher> tenantWrites;

    /**
     * @param tenantWrites what a tenant key does that is recorded too, each {@code METHOD path-pattern}
     *                     ({@code crm.audit.tenant-writes}: its webhook endpoints, erasures,
     *                     retention, exports)
     */
    AuditFilter(AuditTrail trail, String gateway, List<String> tenantWrites) {
        this.trail = trail;
        this.gateway = gateway;
        this.tenantWrites = tenantWrites.stream().filter(w -> !w.isBlank()).map(w -> {
            String[] parts = w.trim().split("\\s+", 2);
            return parts.length == 2
                    ? (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(parts[0]), parts[1])
                    : PathPatternRequestMatcher.withDefaults().matcher(parts[0]);
        }).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof JwtAuthenticationToken token && gateway.equals(token.getToken().getClaimAsString("iss"))
                    && (TokenClaims.ADMIN_ROLE.equals(token.getToken().getClaimAsString(TokenClaims.ROLE))
                        || tenantWrites.stream().anyMatch(m -> m.matches(request)))) {
                record(request, token.getName(), status);
            }
        }
    }

    private void record(HttpServletRequest request, String key, int status) {
        try {
            String path = request.getRequestURI();
            // The tenant a controller says it acted for (named in the body), else the one the request named.
            UUID tenant = request.getAttribute(TENANT_ATTRIBUTE) instanceof UUID acted ? acted
                    : tenant(request.getHeader(Callers.TENANT_HEADER));
            trail.record(key, request.getMethod(), path.length() > 2048 ? path.substring(0, 2048) : path, tenant,
                    status, traceId(request.getHeader("traceparent")));
        } catch (RuntimeException e) {
            // The answer has gone; what is lost is in the log, with everything the entry would hold.
            log.error("AUDIT ENTRY NOT WRITTEN: key {} {} {} tenant {} status {}: {}", key, request.getMethod(),
                    request.getRequestURI(), request.getHeader(Callers.TENANT_HEADER), status, e.getMessage());
        }
    }

    private static UUID tenant(String header) {
        try {
            return header == null ? null : UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The trace id of a W3C traceparent (version-traceid-spanid-flags). */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].matches("[0-9a-f]{32}") ? parts[1] : null;
    }
}
