package com.crmtelephony.support.shares;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import com.crmtelephony.support.token.TokenClaims;
import com.crmtelephony.support.web.ServletProblems;

/**
 * The {@code requests} share: how many requests of one tenant's keys this instance works on at
 * once. Each holds a request thread, CPU and, mostly, one of the database pool's connections;
 * without a share, one key's parallel reports or exports could hold all of them while other
 * tenants wait. A request past the share waits its turn, in order, for up to {@code wait} (a
 * browser's few parallel calls queue, they are not refused); past that, or with
 * {@code requests-waiting} of the tenant's requests waiting already, it is 429 problem+json naming
 * the share. Admin keys and service tokens are not a tenant's and are not counted. A live stream
 * counts while it is being opened only: once open it holds no thread, and its own shares count it.
 */
public class TenantRequestsFilter extends OncePerRequestFilter {

    static final String SHARE = "requests";
    static final String WAITING = "requests-waiting";

    private final TenantShares shares;
    private final Duration wait;
    private final Map<UUID, Semaphore> running = new ConcurrentHashMap<>();
    private final Permits waiting = new Permits(WAITING, "requests", 1);

    public TenantRequestsFilter(TenantShares shares, Duration wait) {
        this.shares = shares;
        this.wait = wait;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UUID tenant = tenantOf(SecurityContextHolder.getContext().getAuthentication());
        if (tenant == null) {
            chain.doFilter(request, response);
            return;
        }
        int limit = shares.of(SHARE, tenant);
        Semaphore turns = running.computeIfAbsent(tenant, t -> new Semaphore(limit, true));
        if (!turns.tryAcquire()) {
            ShareExceededException refused = waitForTurn(tenant, turns);
            if (refused != null) {
                response.setHeader("Retry-After", refused.getHeaders().getFirst("Retry-After"));
                ServletProblems.write(response, 429, refused.getBody().getDetail(), request.getRequestURI(),
                        refused.getBody().getProperties());
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    /** Null once it is the request's turn; else the refusal, naming the share. */
    private ShareExceededException waitForTurn(UUID tenant, Semaphore turns) {
        try (Permits.Permit queued = waiting.acquire(shares, tenant)) {
            if (turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (ShareExceededException tooManyWaiting) {
            return tooManyWaiting;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ShareExceededException(SHARE, shares.of(SHARE, tenant), "requests", 1);
    }

    /** What the tenant's requests hold now (tests, metrics). */
    public int held(UUID tenant) {
        Semaphore turns = running.get(tenant);
        return turns == null ? 0 : shares.of(SHARE, tenant) - turns.availablePermits();
    }

    /** How many of the tenant's requests wait for their turn now. */
    public int waiting(UUID tenant) {
        return waiting.held(tenant);
    }

    /** The tenant of a tenant key's token; the token's validation made sure it is a UUID (support.token.TrustedIssuers). */
    private static UUID tenantOf(Authentication authentication) {
        return authentication instanceof JwtAuthenticationToken token
                && TokenClaims.TENANT_ROLE.equals(token.getToken().getClaimAsString(TokenClaims.ROLE))
                ? UUID.fromString(token.getToken().getClaimAsString(TokenClaims.TENANT)) : null;
    }
}
