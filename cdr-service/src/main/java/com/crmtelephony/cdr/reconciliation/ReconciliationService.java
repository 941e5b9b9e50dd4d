package com.crmtelephony.cdr.reconciliation;

import java.sql.Timestamp;
import java.time.Duration;
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

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
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
@Service
class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);
    private static final String STUCK = "coalesce(action, '') <> 'HANGUP' and updated_at < now() - make_interval(mins => ?)";

    private final JdbcTemplate jdbc;
    private final SyncService sync;
    private final NumberMatches matches;
    private final int stuckAfterMinutes;
    private final int maxPbxCalls;

    ReconciliationService(JdbcTemplate jdbc, SyncService sync, NumberMatches matches,
                          @Value("${crm.reconciliation.stuck-after:15m}") Duration stuckAfter,
                          @Value("${crm.reconciliation.max-pbx-calls:100000}") int maxPbxCalls) {
        this.jdbc = jdbc;
        this.sync = sync;
        this.matches = matches;
        this.stuckAfterMinutes = (int) stuckAfter.toMinutes();
        this.maxPbxCalls = maxPbxCalls;
    }

    /** @throws com.crmtelephony.support.remote.DependencyUnavailableException when the PBX cannot be read */
    Reconciliation report(UUID tenant, int days) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Instant from = to.minus(days, ChronoUnit.DAYS);
        SyncService.PbxInventory pbx = sync.inventory(tenant, maxPbxCalls);
        Map<LocalDate, List<String>> pbxByDay = new TreeMap<>();
        for (SyncService.PbxCallState call : pbx.calls()) {
            if (call.start() != null && !call.start().isBefore(from) && call.start().isBefore(to) && call.uuid() != null) {
                pbxByDay.computeIfAbsent(day(call.start()), d -> new ArrayList<>()).add(call.uuid());
            }
        }
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
                       count(*) filter (where coalesce(c.action, '') <> 'HANGUP' and c.updated_at < now() - make_interval(mins => ?)),
                       count(*) filter (where m.number is not null and m.name is null)
                from call_record c
                left join number_match m on m.tenant_id = c.tenant_id
                    and m.number = case when c.direction = 'outbound' then c.destination_number else c.caller_number end
                where c.tenant_id = ? and c.call_start >= ? and c.call_start < ?
                group by 1""", rs -> {
            stored.put(rs.getObject(1, LocalDate.class), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        }, stuckAfterMinutes, tenant, Timestamp.from(from), Timestamp.from(to));
        Set<String> pbxIds = new HashSet<>();
        pbxByDay.values().forEach(pbxIds::addAll);
        // One read of the range's stored ids serves both directions: missing here, and not at the PBX.
        Set<String> storedIds = new HashSet<>();
        Map<LocalDate, Long> extra = new HashMap<>();
        jdbc.query("select uuid, call_start from call_record where tenant_id = ? and call_start >= ? and call_start < ?",
                rs -> {
                    storedIds.add(rs.getString(1));
                    if (!pbxIds.contains(rs.getString(1))) {
                        extra.merge(day(rs.getTimestamp(2).toInstant()), 1L, Long::sum);
                    }
                }, tenant, Timestamp.from(from), Timestamp.from(to));
        List<Reconciliation.Day> result = new ArrayList<>();
        for (LocalDate day = day(from); day.isBefore(day(to)); day = day.plusDays(1)) {
            List<String> atPbx = pbxByDay.getOrDefault(day, List.of());
            List<String> missing = atPbx.stream().filter(id -> !storedIds.contains(id)).toList();
            long[] s = stored.getOrDefault(day, new long[3]);
            result.add(new Reconciliation.Day(day, atPbx.size(), s[0], missing.size(),
                    missing.stream().limit(20).toList(), extra.getOrDefault(day, 0L), s[1], named ? s[2] : null));
        }
        return new Reconciliation(tenant, from, to, stuckAfterMinutes, pbx.complete(), named, result);
    }

    /** Pulls again, from the start of the PBX's feed, the calls of every tenant with calls stuck on a non-final event. */
    @Scheduled(fixedDelayString = "${crm.reconciliation.interval:5m}", initialDelayString = "${crm.reconciliation.interval:5m}")
    @SchedulerLock(name = "stuck-calls", lockAtMostFor = "PT30M")
    public void pullStuckCalls() {
        List<UUID> tenants = jdbc.queryForList("select distinct tenant_id from call_record where " + STUCK
                + " and updated_at > now() - interval '7 days'", UUID.class, stuckAfterMinutes);
        for (UUID tenant : tenants) {
            try {
                sync.sync(tenant, true);
            } catch (RuntimeException e) {
                log.warn("Stuck calls of tenant {} not pulled again this round: {}", tenant, e.getMessage());
            }
        }
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
