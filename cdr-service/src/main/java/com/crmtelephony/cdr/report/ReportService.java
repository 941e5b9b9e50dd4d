package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.util.List;
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

    /**
     * Reads the distinct numbers in batches, asking the phone book once per batch (memory stays
     * bounded however many numbers the tenant has); stops reading once nothing more can be learnt.
     */
    private NumberMatcher.Matching match(UUID tenant, Instant from, Instant to) {
        NumberMatcher matcher = new NumberMatcher(numbers -> phonebook.names(tenant, numbers), TOP_NUMBERS);
        reports.forEachNumberBatch(tenant, from, to, batchSize, matcher::add);
        return matcher.finish();
    }

    /** @throws UnknownTenantException when the tenant never had a call nor a sync */
    public Report report(UUID tenant, Instant from, Instant to) {
        TenantRepository.Tenant known = tenants.find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
        // The phone book is asked (one request per batch of distinct numbers, not per call) while
        // the database computes the rest; without it the report still answers, with its
        // unmatched figures marked unavailable.
        CompletableFuture<NumberMatcher.Matching> lookup = CompletableFuture.supplyAsync(() -> match(tenant, from, to), lookups);
        ReportRepository.Totals totals = reports.totals(tenant, from, to);
        List<Report.DayCount> perDay = reports.callsPerDay(tenant, from, to);
        Integer busiestHour = reports.busiestHour(tenant, from, to);
        return assemble(tenant, known.lastSyncedAt(), totals, perDay, busiestHour, lookup.join());
    }

    /** The report's figures from the database's aggregates and what the phone book told. */
    static Report assemble(UUID tenant, Instant lastSyncedAt, ReportRepository.Totals t, List<Report.DayCount> perDay,
                           Integer busiestHour, NumberMatcher.Matching matching) {
        Long unmatchedMinutes = null;
        Long unmatchedCalls = null;
        if (matching.available()) {
            unmatchedMinutes = minutes(t.noNumberSeconds() + matching.unmatchedSeconds());
            unmatchedCalls = t.noNumberCalls() + matching.unmatchedCalls();
        }
        return new Report(t.calls(), minutes(t.answeredSeconds()), minutes(t.unansweredSeconds()), unmatchedMinutes,
                lastSyncedAt, t.inbound(), t.outbound(), t.answered(), t.calls() - t.answered(),
                t.calls() == 0 ? 0 : Math.round(10_000.0 * t.answered() / t.calls()) / 10_000.0,
                Math.round(t.talkSeconds()), round2(t.averageTalk()), round2(t.averageRing()),
                t.maxRing() == null ? null : Math.round(t.maxRing()),
                perDay, busiestHour, matching.top(),
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
