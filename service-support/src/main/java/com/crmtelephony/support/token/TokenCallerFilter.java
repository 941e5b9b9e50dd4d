package com.crmtelephony.support.token;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.web.ServletProblems;

/**
 * The tenant and the role a controller reads ({@code tenant-uuid}, {@code X-Crm-Role}) are the
 * token's word, whatever the request said: a tenant token's tenant, and it may not name
 * another (403); an admin token's role, and the tenant it names in {@code tenant-uuid}, as at
 * the gateway. A request that needs no token (webhook, API docs) never has a role.
 */
class TokenCallerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            chain.doFilter(new Caller(request, request.getHeader(Callers.TENANT_HEADER), null), response);
            return;
        }
        String claimed = request.getHeader(Callers.TENANT_HEADER);
        if (TokenClaims.ADMIN_ROLE.equals(token.getToken().getClaimAsString(TokenClaims.ROLE))) {
            chain.doFilter(new Caller(request, claimed, Callers.ADMIN), response);
            return;
        }
        String tenant = token.getToken().getClaimAsString(TokenClaims.TENANT);
        if (claimed != null && !claimed.trim().equalsIgnoreCase(tenant)) {
            ServletProblems.write(response, HttpServletResponse.SC_FORBIDDEN,
                    "This token may not act for tenant '" + claimed + "'", request.getRequestURI());
            return;
        }
        chain.doFilter(new Caller(request, tenant, null), response);
    }

    /** The request with only these two values under the two names, matched ignoring case. */
    private static final class Caller extends HttpServletRequestWrapper {

        private final String tenant;
        private final String role;

        Caller(HttpServletRequest request, String tenant, String role) {
            super(request);
            this.tenant = tenant;
            this.role = role;
        }

        private String own(String name) {
            if (Callers.TENANT_HEADER.equalsIgnoreCase(name)) {
                return tenant;
            }
            return role;
        }

        private static boolean isOwn(String name) {
            return Callers.TENANT_HEADER.equalsIgnoreCase(name) || Callers.ROLE_HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isOwn(name) ? own(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!isOwn(name)) {
                return super.getHeaders(name);
            }
            String value = own(name);
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String name = e.nextElement();
                if (!isOwn(name)) {
                    names.add(name);
                }
            }
            if (tenant != null) {
                names.add(Callers.TENANT_HEADER);
            }
            if (role != null) {
                names.add(Callers.ROLE_HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
