package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import com.crmtelephony.cdr.CdrProperties;
import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.cdr.tenant.UnknownTenantException;

/**
 * A tenant's report: aggregates computed by the database, and the phone book's names for the
 * numbers. No transaction is held while the phone book is waited on: each query commits on its
 * own (read committed would not make them one snapshot anyway), and the numbers come from a
 * cursor that outlives its transaction.
 */
@Service
public class ReportService {

    static final int TOP_NUMBERS = 10;

    private final ReportRepository reports;
    private final TenantRepository tenants;
    private final PhonebookDirectory phonebook;
    private final Executor lookups;
    private final int batchSize;

    ReportService(ReportRepository reports, TenantRepository tenants, PhonebookDirectory phonebook,
                  @Qualifier("applicationTaskExecutor") Executor lookups, CdrProperties properties) {
        this.reports = reports;
        this.tenants = tenants;
        this.phonebook = phonebook;
        this.lookups = lookups;
        this.batchSize = properties.lookupBatchSize();
    }

    /** What the phone book tells of the range's numbers: the top numbers, and the unmatched totals if it answered. */
    private record Matching(List<Report.NumberCount> top, boolean available, long unmatchedCalls, double unmatchedSeconds) {
    }

    /**
     * Reads the distinct numbers in batches, asking the phone book once per batch and keeping only
     * running totals and the first (most called) numbers: memory stays bounded however many
     * numbers the tenant has. The first failed lookup ends the lookups, and the reading once the
     * top numbers are known: they then go without names.
     */
    private Matching match(UUID tenant, Instant from, Instant to) {
        Matcher matcher = new Matcher(tenant);
        reports.forEachNumberBatch(tenant, from, to, batchSize, matcher::add);
        return matcher.finish();
    }

    /** The running state of {@link #match}: the top numbers and the unmatched totals. */
    private final class Matcher {
        private final UUID tenant;
        private final List<Report.NumberCount> top = new ArrayList<>(TOP_NUMBERS);
        private boolean available = true;
        private long unmatchedCalls;
        private double unmatchedSeconds;

        Matcher(UUID tenant) {
            this.tenant = tenant;
        }

        /** @return whether the rest of the numbers still matter */
        boolean add(List<ReportRepository.NumberUsage> batch) {
            Optional<Map<String, String>> names = available
                    ? phonebook.names(tenant, batch.stream().map(ReportRepository.NumberUsage::number).toList())
                    : Optional.empty();
            available &= names.isPresent();
            for (ReportRepository.NumberUsage u : batch) {
                if (top.size() < TOP_NUMBERS) {
                    top.add(new Report.NumberCount(u.number(), names.map(n -> n.get(u.number())).orElse(null), u.calls()));
                }
                if (names.isPresent() && !names.get().containsKey(u.number())) {
                    unmatchedCalls += u.calls();
                    unmatchedSeconds += u.seconds();
                }
            }
            return available || top.size() < TOP_NUMBERS;
        }

        Matching finish() {
            return new Matching(top, available, unmatchedCalls, unmatchedSeconds);
        }
    }

    /** @throws UnknownTenantException when the tenant never had a call nor a sync */
    public Report report(UUID tenant, Instant from, Instant to) {
        TenantRepository.Tenant known = tenants.find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
        // The phone book is asked (one request per batch of distinct numbers, not per call) while
        // the database computes the rest; without it the report still answers, with its
        // unmatched figures marked unavailable.
        CompletableFuture<Matching> lookup = CompletableFuture.supplyAsync(() -> match(tenant, from, to), lookups);
        ReportRepository.Totals t = reports.totals(tenant, from, to);
        List<Report.DayCount> perDay = reports.callsPerDay(tenant, from, to);
        Integer busiestHour = reports.busiestHour(tenant, from, to);
        Matching matching = lookup.join();

        Long unmatchedMinutes = null;
        Long unmatchedCalls = null;
        if (matching.available()) {
            unmatchedMinutes = minutes(t.noNumberSeconds() + matching.unmatchedSeconds());
            unmatchedCalls = t.noNumberCalls() + matching.unmatchedCalls();
        }
        List<Report.NumberCount> top = matching.top();
        return new Report(t.calls(), minutes(t.answeredSeconds()), minutes(t.unansweredSeconds()), unmatchedMinutes,
                known.lastSyncedAt(), t.inbound(), t.outbound(), t.answered(), t.calls() - t.answered(),
                t.calls() == 0 ? 0 : Math.round(10_000.0 * t.answered() / t.calls()) / 10_000.0,
                Math.round(t.talkSeconds()), round2(t.averageTalk()), round2(t.averageRing()),
                t.maxRing() == null ? null : Math.round(t.maxRing()),
                perDay, busiestHour, top,
                unmatchedCalls, matching.available(), tenant);
    }

    /** One report per known tenant, for operators (admin keys only, enforced at the gateway). */
    public List<Report> reports(Instant from, Instant to) {
        return tenants.all().stream().map(tenant -> report(tenant, from, to)).toList();
    }

    static long minutes(double seconds) {
        return Math.round(seconds / 60.0);
    }

    private static Double round2(Double value) {
        return value == null ? null : Math.round(value * 100.0) / 100.0;
    }
}
