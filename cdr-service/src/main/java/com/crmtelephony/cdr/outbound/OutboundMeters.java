package com.crmtelephony.cdr.outbound;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Outbound webhooks as an operator watches them (the alert rules): endpoints failing and
 * disabled, deliveries waiting and the oldest one's age, every tenant's together. One query
 * answers them all, read at most every ten seconds whatever scrapes how often; while the
 * database does not answer they read NaN (its own gauge, crm.database.up, says why).
 */
@Component
class OutboundMeters implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(OutboundMeters.class);
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final OutboundRepository repository;
    /** The last figures read; null while the database did not answer. */
    private OutboundRepository.Health last;
    /** Each tenant's deliveries waiting, as last read; a tenant seen once keeps its series (0 since). */
    private volatile Map<UUID, Long> lastByTenant = Map.of();
    private final Set<UUID> metered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    /** As if read long ago: the first scrape reads. */
    private long readAt = System.nanoTime() - FRESH_NANOS - 1;

    OutboundMeters(OutboundRepository repository) {
        this.repository = repository;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        gauge(registry, "crm.outbound.endpoints", "failing", h -> h.failing(),
                "Webhook endpoints failing since their last success");
        gauge(registry, "crm.outbound.endpoints", "disabled", h -> h.disabled(),
                "Webhook endpoints disabled (failing too long, or gone)");
        Gauge.builder("crm.outbound.waiting", this, m -> value(h -> h.waiting()))
                .description("Deliveries waiting for enabled endpoints").register(registry);
        Gauge.builder("crm.outbound.oldest.waiting", this, m -> value(h -> h.oldestWaitingSeconds()))
                .baseUnit("seconds").description("Age of the oldest delivery waiting for an enabled endpoint")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String state, ToDoubleFunction<OutboundRepository.Health> f,
                       String description) {
        Gauge.builder(name, this, m -> value(f)).tag("state", state).description(description).register(registry);
    }

    private synchronized double value(ToDoubleFunction<OutboundRepository.Health> f) {
        refresh();
        return last == null ? Double.NaN : f.applyAsDouble(last);
    }

    private double waitingOf(UUID tenant) {
        Map<UUID, Long> byTenant = lastByTenant;
        return byTenant == null ? Double.NaN : byTenant.getOrDefault(tenant, 0L);
    }

    /**
     * Each tenant's deliveries waiting, read apart from the scrapes (a tenant seen for the first
     * time gets its series here, never in the middle of a scrape); null while the database does
     * not answer.
     */
    @Scheduled(fixedDelayString = "${crm.outbound.tenant-meters-every:PT15S}", initialDelayString = "PT5S")
    void readTenants() {
        try {
            Map<UUID, Long> byTenant = repository.waitingByTenant();
            byTenant.keySet().forEach(this::meter);
            lastByTenant = byTenant;
        } catch (RuntimeException e) {
            log.debug("Tenants' outbound figures not read: {}", e.getMessage());
            lastByTenant = null;
        }
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - readAt > FRESH_NANOS) {
            readAt = now;
            try {
                last = repository.health();
            } catch (RuntimeException e) {
                log.debug("Outbound figures not read: {}", e.getMessage());
                last = null;
            }
        }
    }

    /**
     * {@code crm.outbound.tenant.waiting{tenant}}: the tenants' dashboard's deliveries waiting, per
     * tenant; from the tenant's first endpoint on (here, or as the next read finds it).
     */
    void meter(UUID tenant) {
        if (registry != null && metered.add(tenant)) {
            Gauge.builder("crm.outbound.tenant.waiting", this, m -> m.waitingOf(tenant))
                    .tag("tenant", tenant.toString()).description("Deliveries waiting for the tenant's enabled endpoints")
                    .register(registry);
        }
    }
}
