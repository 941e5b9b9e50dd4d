package com.crmtelephony.support.shares;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import com.crmtelephony.support.token.TokenClaims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 37: one tenant's parallel requests hold at most its {@code requests} share of an instance
 * (threads, CPU, database connections); the next waits its turn for a while, then is 429
 * problem+json naming the share, as is one past the tenant's waiting requests at once; another
 * tenant's, an admin's and a service's requests go through meanwhile.
 */
class TenantRequestsFilterTests {

    static final UUID GREEDY = UUID.randomUUID();
    static final UUID OTHER = UUID.randomUUID();

    final TenantRequestsFilter filter = new TenantRequestsFilter(
            new TenantShares(Map.of("requests", 2, "requests-waiting", 1), null), java.time.Duration.ofMillis(300));
    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static JwtAuthenticationToken token(String role, UUID tenant) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "none").subject("key").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).claim(TokenClaims.ROLE, role);
        if (tenant != null) {
            jwt.claim(TokenClaims.TENANT, tenant.toString());
        }
        return new JwtAuthenticationToken(jwt.build());
    }

    MockHttpServletResponse send(JwtAuthenticationToken caller, CountDownLatch release) throws Exception {
        return send(filter, caller, release);
    }

    /** One request through {@code filter} as {@code caller}, its chain waiting for {@code release}. */
    static MockHttpServletResponse send(TenantRequestsFilter filter, JwtAuthenticationToken caller, CountDownLatch release)
            throws Exception {
        SecurityContextHolder.getContext().setAuthentication(caller);
        try {
            MockHttpServletResponse response = new MockHttpServletResponse();
            FilterChain chain = (req, res) -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200);
            };
            filter.doFilter(new MockHttpServletRequest("GET", "/cdr/reports"), response, chain);
            return response;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void aTenantPastItsShareWaitsThen429sNamingItAndOthersGoThrough() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<MockHttpServletResponse>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(pool.submit(() -> send(token(TokenClaims.TENANT_ROLE, GREEDY), release)));
        }
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> filter.held(GREEDY) == 2);

        long start = System.nanoTime();
        MockHttpServletResponse refused = send(token(TokenClaims.TENANT_ROLE, GREEDY), new CountDownLatch(0));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("it waited its turn first")
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(250));
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"share\":\"requests\"").contains("\"limit\":2");

        CountDownLatch open = new CountDownLatch(0);
        assertThat(send(token(TokenClaims.TENANT_ROLE, OTHER), open).getStatus()).as("another tenant").isEqualTo(200);
        assertThat(send(token(TokenClaims.ADMIN_ROLE, null), open).getStatus()).as("an admin key").isEqualTo(200);
        SecurityContextHolder.clearContext();
        assertThat(send(null, open).getStatus()).as("no tenant's token").isEqualTo(200);

        release.countDown();
        for (Future<MockHttpServletResponse> f : held) {
            assertThat(f.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        assertThat(filter.held(GREEDY)).as("every permit given back").isZero();
        assertThat(send(token(TokenClaims.TENANT_ROLE, GREEDY), open).getStatus()).isEqualTo(200);
    }

    @Test
    void aWaitingRequestGetsItsTurnAndOnePastTheWaitingShareIsRefusedAtOnce() throws Exception {
        TenantRequestsFilter patient = new TenantRequestsFilter(
                new TenantShares(Map.of("requests", 1, "requests-waiting", 1), null), java.time.Duration.ofSeconds(10));
        CountDownLatch first = new CountDownLatch(1);
        Future<MockHttpServletResponse> running = pool.submit(() -> send(patient, token(TokenClaims.TENANT_ROLE, GREEDY), first));
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> patient.held(GREEDY) == 1);
        Future<MockHttpServletResponse> queued = pool.submit(() -> send(patient, token(TokenClaims.TENANT_ROLE, GREEDY), new CountDownLatch(0)));
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> patient.waiting(GREEDY) == 1);

        long start = System.nanoTime();
        MockHttpServletResponse refused = send(patient, token(TokenClaims.TENANT_ROLE, GREEDY), new CountDownLatch(0));
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentAsString()).contains("\"share\":\"requests-waiting\"");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("refused without waiting")
                .isLessThan(java.time.Duration.ofSeconds(2));

        first.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).getStatus()).as("the waiting request had its turn").isEqualTo(200);
        assertThat(patient.held(GREEDY)).isZero();
        assertThat(patient.waiting(GREEDY)).isZero();
    }

    @Test
    void aRequestThatFailsGivesItsPermitBack() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(token(TokenClaims.TENANT_ROLE, GREEDY));
        try {
            for (int i = 0; i < 3; i++) {
                try {
                    filter.doFilter(new MockHttpServletRequest("GET", "/x"), new MockHttpServletResponse(), (req, res) -> {
                        throw new IllegalStateException("boom");
                    });
                } catch (IllegalStateException expected) {
                    // the failure is the request's; the permit must still come back
                }
            }
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(filter.held(GREEDY)).isZero();
    }
}
