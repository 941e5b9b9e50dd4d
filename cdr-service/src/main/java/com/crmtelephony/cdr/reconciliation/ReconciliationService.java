package com.crmtelephony.cdr.reconciliation;

import java.sql.Timestamp;
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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.crmtelephony.cdr.phonebook.NumberMatches;
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
    /**
     * A stored call still on a non-final event (ORIGINATE, RING, ANSWERED, without an end) for
     * longer than stuck-after. A call posted without an action, or one that ended, is not stuck.
     */
    private static final String STUCK = "action in ('ORIGINATE', 'RING', 'ANSWERED') and call_end is null"
            + " and updated_at < now() - make_interval(mins => ?)";

    private final JdbcTemplate jdbc;
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

    ReconciliationService(JdbcTemplate jdbc, SyncService sync, NumberMatches matches, TenantShares shares,
                          ReconciliationProperties properties) {
        this.jdbc = jdbc;
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
        Object synced = jdbc.queryForList("select last_synced_at from tenant where id = ?", tenant).stream()
                .findFirst().map(row -> row.get("last_synced_at")).orElse(null);
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
            Set<String> stored = new HashSet<>();
            jdbc.query(connection -> {
                var ps = connection.prepareStatement("select uuid, call_start from call_record where tenant_id = ? and uuid = any(?)"
                        + " and call_start >= ? and call_start < ?");
                ps.setObject(1, tenant);
                ps.setArray(2, connection.createArrayOf("text", inRange.toArray()));
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                return ps;
            }, rs -> {
                stored.add(rs.getString(1));
                matchedByStoredDay.merge(day(rs.getTimestamp(2).toInstant()), 1L, Long::sum);
            });
            for (String uuid : inRange) {
                Tally tally = pbxByDay.computeIfAbsent(dayOf.get(uuid), d -> new Tally());
                tally.pbx++;
                if (!stored.contains(uuid)) {
                    tally.missing++;
                    if (tally.missingSample.size() < 20) {
                        tally.missingSample.add(uuid);
                    }
                }
            }
        });
        // The numbers of calls just written reach the phone book's matches through the folded totals.
        // A tenant with no call stored has no number to ask the phone book about.
        boolean known = !jdbc.queryForList("select 1 from tenant where id = ?", tenant).isEmpty();
        if (known) {
            jdbc.queryForList("select call_aggregates_fold(?)", tenant);
        }
        boolean named = !known || (matches.followChanges(tenant) && matches.askAboutUnknown(tenant));
        Map<LocalDate, long[]> stored = new HashMap<>();
        jdbc.query("""
                select (c.call_start at time zone 'UTC')::date, count(*),
                       count(*) filter (where c.action in ('ORIGINATE', 'RING', 'ANSWERED') and c.call_end is null
                                        and c.updated_at < now() - make_interval(mins => ?)),
                       count(*) filter (where m.number is not null and m.name is null)
                from call_record c
                left join number_match m on m.tenant_id = c.tenant_id
                    and m.number = case when c.direction = 'outbound' then c.destination_number else c.caller_number end
                where c.tenant_id = ? and c.call_start >= ? and c.call_start < ?
                group by 1""", rs -> {
            stored.put(rs.getObject(1, LocalDate.class), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        }, stuckAfterMinutes, tenant, Timestamp.from(from), Timestamp.from(to));
        List<Reconciliation.Day> result = new ArrayList<>();
        for (LocalDate day = day(from); day.isBefore(day(to)); day = day.plusDays(1)) {
            Tally tally = pbxByDay.getOrDefault(day, new Tally());
            long[] s = stored.getOrDefault(day, new long[3]);
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
        jdbc.query("""
                select c.tenant_id, c.uuid, coalesce(c.call_start, c.updated_at) from call_record c
                left join stuck_pull p on p.tenant_id = c.tenant_id and p.uuid = c.uuid
                where %s and c.updated_at > now() - make_interval(secs => ?) and coalesce(p.pulls, 0) < ?
                limit 10000""".formatted(STUCK.replace("action", "c.action").replace("call_end", "c.call_end")
                        .replace("updated_at", "c.updated_at")),
                rs -> {
                    UUID tenant = rs.getObject(1, UUID.class);
                    stuck.computeIfAbsent(tenant, t -> new ArrayList<>()).add(rs.getString(2));
                    earliest.merge(tenant, rs.getTimestamp(3).toInstant(), (a, b) -> a.isBefore(b) ? a : b);
                }, stuckAfterMinutes, properties.stuckWindow().toSeconds(), properties.maxPulls());
        for (Map.Entry<UUID, List<String>> tenant : stuck.entrySet()) {
            jdbc.update(connection -> {
                var ps = connection.prepareStatement("""
                        insert into stuck_pull (tenant_id, uuid, pulls) select ?, u, 1 from unnest(?::text[]) u
                        on conflict (tenant_id, uuid) do update set pulls = stuck_pull.pulls + 1, pulled_at = now()""");
                ps.setObject(1, tenant.getKey());
                ps.setArray(2, connection.createArrayOf("text", tenant.getValue().toArray()));
                return ps;
            });
            try {
                // An hour early: the PBX's clock and ours need not agree.
                sync.pull(tenant.getKey(), new java.util.HashSet<>(tenant.getValue()),
                        earliest.get(tenant.getKey()).minus(java.time.Duration.ofHours(1)), properties.maxPbxCalls());
            } catch (RuntimeException e) {
                log.warn("Stuck calls of tenant {} not pulled again this round: {}", tenant.getKey(), e.getMessage());
            }
        }
        jdbc.update("delete from stuck_pull where pulled_at < now() - make_interval(secs => ?)", properties.stuckWindow().toSeconds());
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
