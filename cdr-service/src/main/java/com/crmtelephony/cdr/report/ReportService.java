package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.cdr.tenant.UnknownTenantException;

@Service
public class ReportService {

    static final int TOP_NUMBERS = 10;

    private final ReportRepository reports;
    private final TenantRepository tenants;
    private final PhonebookDirectory phonebook;
    private final Executor lookups;

    ReportService(ReportRepository reports, TenantRepository tenants, PhonebookDirectory phonebook,
                  @Qualifier("applicationTaskExecutor") Executor lookups) {
        this.reports = reports;
        this.tenants = tenants;
        this.phonebook = phonebook;
        this.lookups = lookups;
    }

    /** @throws UnknownTenantException when the tenant never had a call nor a sync */
    @Transactional(readOnly = true)
    public Report report(UUID tenant, Instant from, Instant to) {
        TenantRepository.Tenant known = tenants.find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
        List<ReportRepository.NumberUsage> usage = reports.numberUsage(tenant, from, to);
        // The phone book is asked (one request per batch of distinct numbers, not per call) while
        // the database computes the rest; without it the report still answers, with its
        // unmatched figures marked unavailable.
        CompletableFuture<Optional<Map<String, String>>> lookup = CompletableFuture.supplyAsync(() -> phonebook.names(tenant,
                usage.stream().map(ReportRepository.NumberUsage::number).toList()), lookups);
        ReportRepository.Totals t = reports.totals(tenant, from, to);
        List<Report.DayCount> perDay = reports.callsPerDay(tenant, from, to);
        Integer busiestHour = reports.busiestHour(tenant, from, to);
        Optional<Map<String, String>> names = lookup.join();

        Long unmatchedMinutes = null;
        Long unmatchedCalls = null;
        if (names.isPresent()) {
            double seconds = t.noNumberSeconds();
            long calls = t.noNumberCalls();
            for (ReportRepository.NumberUsage u : usage) {
                if (!names.get().containsKey(u.number())) {
                    seconds += u.seconds();
                    calls += u.calls();
                }
            }
            unmatchedMinutes = minutes(seconds);
            unmatchedCalls = calls;
        }
        Map<String, String> knownNames = names.orElse(Map.of());
        List<Report.NumberCount> top = usage.stream().limit(TOP_NUMBERS)
                .map(u -> new Report.NumberCount(u.number(), knownNames.get(u.number()), u.calls())).toList();
        return new Report(t.calls(), minutes(t.answeredSeconds()), minutes(t.unansweredSeconds()), unmatchedMinutes,
                known.lastSyncedAt(), t.inbound(), t.outbound(), t.answered(), t.calls() - t.answered(),
                t.calls() == 0 ? 0 : Math.round(10_000.0 * t.answered() / t.calls()) / 10_000.0,
                Math.round(t.talkSeconds()), round2(t.averageTalk()), round2(t.averageRing()),
                t.maxRing() == null ? null : Math.round(t.maxRing()),
                perDay, busiestHour, top,
                unmatchedCalls, names.isPresent(), tenant);
    }

    /** One report per known tenant, for operators (admin keys only, enforced at the gateway). */
    @Transactional(readOnly = true)
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
