package com.crmtelephony.support.shares;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermitsTests {

    static final UUID A = UUID.randomUUID();
    static final UUID B = UUID.randomUUID();

    @Test
    void aTenantPastItsShareIs429NamingItAndAnotherTenantKeepsItsOwn() {
        TenantShares shares = new TenantShares(Map.of("streams", 2), Map.of(B, Map.of("streams", 3)));
        Permits permits = new Permits("streams", "event streams", 7);
        Permits.Permit first = permits.acquire(shares, A);
        permits.acquire(shares, A);
        assertThatThrownBy(() -> permits.acquire(shares, A)).isInstanceOfSatisfying(ShareExceededException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("7");
            assertThat(e.getBody().getProperties()).containsEntry("share", "streams").containsEntry("limit", 2);
            assertThat(e.getBody().getDetail()).contains("streams").contains("2 event streams");
        });
        for (int i = 0; i < 3; i++) {
            permits.acquire(shares, B);
        }
        assertThat(permits.held(B)).isEqualTo(3);
        // Given back once, however often closed.
        first.close();
        first.close();
        assertThat(permits.held(A)).isEqualTo(1);
        permits.acquire(shares, A);
        assertThatThrownBy(() -> permits.acquire(shares, A)).isInstanceOf(ShareExceededException.class);
    }

    @Test
    void aShareConfigRepoDoesNotNameIsAnErrorNotUnlimited() {
        TenantShares shares = new TenantShares(Map.of(), null);
        assertThatThrownBy(() -> shares.of("jobs", A)).isInstanceOf(IllegalStateException.class).hasMessageContaining("jobs");
        assertThatThrownBy(() -> new TenantShares(Map.of("jobs", -1), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAcquiresNeverExceedTheLimit() throws Exception {
        Permits permits = new Permits("jobs", "jobs", 1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger holding = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    try (Permits.Permit p = permits.acquire(A, 3)) {
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        holding.decrementAndGet();
                    } catch (ShareExceededException refused) {
                        // past the share: refused, holds nothing
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(most.get()).isBetween(1, 3);
        assertThat(permits.held(A)).isZero();
    }
}
