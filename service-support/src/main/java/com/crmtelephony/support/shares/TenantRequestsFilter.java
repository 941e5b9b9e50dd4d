package com.crmtelephony.support.shares;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final Map<UUID, AtomicInteger> waiting = new ConcurrentHashMap<>();

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
            String refusal = waitForTurn(tenant, turns);
            if (refusal != null) {
                ShareExceededException full = new ShareExceededException(refusal, shares.of(refusal, tenant), "requests", 1);
                response.setHeader("Retry-After", full.getHeaders().getFirst("Retry-After"));
                ServletProblems.write(response, 429, full.getBody().getDetail(), request.getRequestURI(),
                        full.getBody().getProperties());
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    /** Null once it is the request's turn; else the share that refuses it. */
    private String waitForTurn(UUID tenant, Semaphore turns) {
        AtomicInteger queued = waiting.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (queued.incrementAndGet() > shares.of(WAITING, tenant)) {
            queued.decrementAndGet();
            return WAITING;
        }
        try {
            return turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS) ? null : SHARE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SHARE;
        } finally {
            queued.decrementAndGet();
        }
    }

    /** What the tenant's requests hold now (tests, metrics). */
    public int held(UUID tenant) {
        Semaphore turns = running.get(tenant);
        return turns == null ? 0 : shares.of(SHARE, tenant) - turns.availablePermits();
    }

    /** How many of the tenant's requests wait for their turn now. */
    public int waiting(UUID tenant) {
        AtomicInteger queued = waiting.get(tenant);
        return queued == null ? 0 : queued.get();
    }

    private static UUID tenantOf(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token
                && TokenClaims.TENANT_ROLE.equals(token.getToken().getClaimAsString(TokenClaims.ROLE))) {
            try {
                return UUID.fromString(token.getToken().getClaimAsString(TokenClaims.TENANT));
            } catch (IllegalArgumentException | NullPointerException e) {
                return null;
            }
        }
        return null;
    }
}
