package com.crmtelephony.support.shares;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much of one share each holder (a tenant, or a tenant's key) holds on this instance. A
 * permit is taken before the resource is and given back when it is (once, however often
 * {@link Permit#close} is called); past the holder's limit the request is refused, 429, before
 * anything is held.
 */
public final class Permits {

    /** One unit of a share, held until closed. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final String share;
    private final String what;
    private final long retryAfterSeconds;
    /** A counter per holder that ever held one: tenants and their keys, a bounded set, kept so no count is ever split. */
    private final Map<Object, AtomicInteger> held = new ConcurrentHashMap<>();

    /**
     * @param share             its name in {@code crm.shares} and in the 429's problem
     * @param what              what a unit of it is, for the 429's detail ("event streams")
     * @param retryAfterSeconds the 429's {@code Retry-After}
     */
    public Permits(String share, String what, long retryAfterSeconds) {
        this.share = share;
        this.what = what;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @throws ShareExceededException when {@code holder} holds {@code limit} already */
    public Permit acquire(Object holder, int limit) {
        AtomicInteger count = held.computeIfAbsent(holder, h -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            throw new ShareExceededException(share, limit, what, retryAfterSeconds);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }

    /** {@link #acquire} for a scheduler that passes over a holder at its limit: null instead of a 429. */
    public Permit tryAcquire(Object holder, int limit) {
        try {
            return acquire(holder, limit);
        } catch (ShareExceededException full) {
            return null;
        }
    }

    /** {@link #acquire} with the tenant's share from {@code shares}. */
    public Permit acquire(TenantShares shares, UUID tenant) {
        return acquire(tenant, shares.of(share, tenant));
    }

    /** What {@code holder} holds now. */
    public int held(Object holder) {
        AtomicInteger count = held.get(holder);
        return count == null ? 0 : Math.max(0, count.get());
    }
}
