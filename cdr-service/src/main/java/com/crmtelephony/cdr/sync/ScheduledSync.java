package com.crmtelephony.cdr.sync;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The syncs nobody has to ask for. Every few minutes (crm.sync.reconcile-interval) each tenant's
 * calls changed since its last sync are pulled: a call whose last webhook never came (the PBX
 * gave up delivering it) is complete by then. Once a night (crm.sync.cron) the same, as the
 * original system did; {@code POST /cdr/update_cdr?full=true} reads everything again. With
 * several instances each runs on one of them (support.jobs.SchedulerLocksAutoConfiguration); the nightly lock is held
 * for at least {@code crm.sync.nightly-lock-at-least} (10 min), so that instances whose clocks
 * differ by less do not run it once each.
 */
@Component
public class ScheduledSync implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSync.class);
    private static final String NIGHTLY = "nightly";
    private static final String RECONCILIATION = "reconciliation";

    private final SyncService sync;
    /**
     * When each kind last ended well on this instance, in seconds since the epoch; the start
     * until then. Only the instance holding the lock runs one: the alert rules take the newest
     * over every instance, and fire when even that is too old ("a scheduled sync has not run").
     */
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    ScheduledSync(SyncService sync) {
        this.sync = sync;
        long now = Instant.now().getEpochSecond();
        lastSuccess.put(NIGHTLY, new AtomicLong(now));
        lastSuccess.put(RECONCILIATION, new AtomicLong(now));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lastSuccess.forEach((kind, at) -> Gauge.builder("crm.sync.last.success", at, AtomicLong::get)
                .tag("kind", kind).baseUnit("seconds")
                .description("When this instance last ended a scheduled sync well (since the epoch; its start until then)")
                .register(registry));
    }

    @Scheduled(cron = "${crm.sync.cron:0 0 20 * * *}", zone = "${crm.sync.zone:UTC}")
    @SchedulerLock(name = "nightly-sync", lockAtLeastFor = "${crm.sync.nightly-lock-at-least:PT10M}", lockAtMostFor = "PT3H")
    public void nightly() {
        run("Nightly sync", NIGHTLY);
    }

    @Scheduled(fixedDelayString = "${crm.sync.reconcile-interval:5m}", initialDelayString = "${crm.sync.reconcile-interval:5m}")
    @SchedulerLock(name = "reconciliation", lockAtLeastFor = "${crm.sync.reconcile-lock-at-least:PT5S}", lockAtMostFor = "PT30M")
    public void reconcile() {
        run("Reconciliation", RECONCILIATION);
    }

    private void run(String which, String kind) {
        try {
            SyncSummary summary = sync.syncAll(false);
            log.info("{}: {} tenants, {} calls fetched", which, summary.tenants().size(), summary.fetched());
            lastSuccess.get(kind).set(Instant.now().getEpochSecond());
        } catch (RuntimeException e) {
            // Tenants synced before the failure keep their pages; the next run continues.
            log.error("{} failed: {}", which, e.getMessage(), e);
        }
    }
}
