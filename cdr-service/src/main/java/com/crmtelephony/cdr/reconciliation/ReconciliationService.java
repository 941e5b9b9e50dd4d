package com.crmtelephony.cdr.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.crmtelephony.cdr.phonebook.NumberMatches;
import com.crmtelephony.cdr.report.ReportService;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.cdr.sync.SyncService;

/**
 * The "unmatched" report done properly: per day, what the PBX has against what is stored, what
 * is stuck on a non-final event, and whose caller no contact matches. Stuck calls do not wait
 * for anyone to read it: every crm.reconciliation.interval one instance pulls again the calls of
 * each tenant that has some.
 */
import com.crmtelephony.support.shares.Permits;
import com.crmtelephony.support.shares.TenantShares;

@Service
class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    private final ReconciliationRepository stored;
    private final TenantRepository tenants;
    private final ReportService reports;
    private final SyncService sync;
    private final NumberMatches matches;
    private final TenantShares shares;
    private final ReconciliationProperties properties;
    private final int stuckAfterMinutes;
    private final Permits inFlight = new Permits("reconciliations", "reconciliation reports computed", 10);
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param synced the tenant's last sync when it was computed: a sync since makes it stale at once */
    private record Cached(Instant at, Object synced, Reconciliation report) {
    }

    ReconciliationService(ReconciliationRepository stored, TenantRepository tenants, ReportService reports, SyncService sync,
                          NumberMatches matches, TenantShares shares, ReconciliationProperties properties) {
        this.stored = stored;
        this.tenants = tenants;
        this.reports = reports;
        this.sync = sync;
        this.matches = matches;
        this.shares = shares;
        this.properties = properties;
        this.stuckAfterMinutes = (int) properties.stuckAfter().toMinutes();
    }

    /**
     * The tenant's report, computed at most once at a time per tenant (its share,
     * {@code crm.shares.defaults.reconciliations}: past it 429) and kept for
     * {@code crm.reconciliation.cache}; its memory does not grow with the PBX's calls: the PBX is
     * read page by page, each page compared with what is stored and let go.
     *
     * @throws com.crmtelephony.support.remote.DependencyUnavailableException when the PBX cannot be read
     */
    Reconciliation report(UUID tenant, int days) {
        String key = tenant + "/" + days;
        Object synced = tenants.find(tenant).map(TenantRepository.Tenant::lastSyncedAt).orElse(null);
        Cached cached = cache.get(key);
        if (cached != null && cached.at().plus(properties.cache()).isAfter(Instant.now())
                && java.util.Objects.equals(cached.synced(), synced)) {
            return cached.report();
        }
        try (Permits.Permit permit = inFlight.acquire(shares, tenant)) {
            Reconciliation report = compute(tenant, days);
            cache.values().removeIf(c -> c.at().plus(properties.cache()).isBefore(Instant.now()));
            cache.put(key, new Cached(Instant.now(), synced, report));
            return report;
        }
    }

    /** Per day: the PBX's calls, those of them stored, the first missing ids; nothing else is kept. */
    private static final class Tally {
        long pbx;
        long missing;
        final List<String> missingSample = new ArrayList<>();
    }

    private Reconciliation compute(UUID tenant, int days) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Instant from = to.minus(days, ChronoUnit.DAYS);
        Map<LocalDate, Tally> pbxByDay = new TreeMap<>();
        // Stored calls the PBX listed, counted by their stored day: the rest of a day's stored calls are extra.
        Map<LocalDate, Long> matchedByStoredDay = new HashMap<>();
        boolean complete = sync.inventory(tenant, properties.maxPbxCalls(), from, page -> {
            List<String> inRange = new ArrayList<>();
            Map<String, LocalDate> dayOf = new HashMap<>();
            for (SyncService.PbxCallState call : page) {
                if (call.start() != null && !call.start().isBefore(from) && call.start().isBefore(to) && call.uuid() != null
                        && dayOf.putIfAbsent(call.uuid(), day(call.start())) == null) {
                    inRange.add(call.uuid());
                }
            }
            if (inRange.isEmpty()) {
                return;
            }
            Set<String> found = new HashSet<>();
            stored.storedAmong(tenant, inRange, from, to, (uuid, start) -> {
                found.add(uuid);
                matchedByStoredDay.merge(day(start), 1L, Long::sum);
            });
            for (String uuid : inRange) {
                Tally tally = pbxByDay.computeIfAbsent(dayOf.get(uuid), d -> new Tally());
                tally.pbx++;
                if (!found.contains(uuid)) {
                    tally.missing++;
                    if (tally.missingSample.size() < 20) {
                        tally.missingSample.add(uuid);
                    }
                }
            }
        });
        // The numbers of calls just written reach the phone book's matches through the folded totals.
        // A tenant with no call stored has no number to ask the phone book about.
        boolean known = tenants.find(tenant).isPresent();
        if (known) {
            reports.fold(tenant);
        }
        boolean named = !known || (matches.followChanges(tenant) && matches.askAboutUnknown(tenant));
        Map<LocalDate, long[]> byDay = stored.storedByDay(tenant, from, to, stuckAfterMinutes);
        List<Reconciliation.Day> result = new ArrayList<>();
        for (LocalDate day = day(from); day.isBefore(day(to)); day = day.plusDays(1)) {
            Tally tally = pbxByDay.getOrDefault(day, new Tally());
            long[] s = byDay.getOrDefault(day, new long[3]);
            long extra = Math.max(0, s[0] - matchedByStoredDay.getOrDefault(day, 0L));
            result.add(new Reconciliation.Day(day, tally.pbx, s[0], tally.missing, List.copyOf(tally.missingSample), extra, s[1],
                    named ? s[2] : null));
        }
        return new Reconciliation(tenant, from, to, stuckAfterMinutes, complete, named, result);
    }

    /**
     * Pulls again every call stuck on a non-final event that was last written within
     * {@code crm.reconciliation.stuck-window}, each at most {@code crm.reconciliation.max-pulls}
     * times: a call the PBX never ends stops costing reads. The read is targeted: a tenant's feed
     * from about its earliest stuck call's start, storing those calls only, never the whole feed.
     */
    @Scheduled(fixedDelayString = "${crm.reconciliation.interval}", initialDelayString = "${crm.reconciliation.interval}")
    @SchedulerLock(name = "stuck-calls", lockAtMostFor = "PT30M")
    public void pullStuckCalls() {
        Map<UUID, List<String>> stuck = new HashMap<>();
        Map<UUID, Instant> earliest = new HashMap<>();
        for (ReconciliationRepository.Stuck call : stored.stuck(stuckAfterMinutes, properties.stuckWindow(), properties.maxPulls())) {
            stuck.computeIfAbsent(call.tenant(), t -> new ArrayList<>()).add(call.uuid());
            earliest.merge(call.tenant(), call.since(), (a, b) -> a.isBefore(b) ? a : b);
        }
        for (Map.Entry<UUID, List<String>> tenant : stuck.entrySet()) {
            stored.countPulls(tenant.getKey(), tenant.getValue());
            try {
                // An hour early: the PBX's clock and ours need not agree.
                sync.pull(tenant.getKey(), new HashSet<>(tenant.getValue()),
                        earliest.get(tenant.getKey()).minus(java.time.Duration.ofHours(1)), properties.maxPbxCalls());
            } catch (RuntimeException e) {
                log.warn("Stuck calls of tenant {} not pulled again this round: {}", tenant.getKey(), e.getMessage());
            }
        }
        stored.forgetPullsBefore(properties.stuckWindow());
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
