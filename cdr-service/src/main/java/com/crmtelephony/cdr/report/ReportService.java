package com.crmtelephony.cdr.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.crmtelephony.cdr.phonebook.CallNumbers;
import com.crmtelephony.cdr.phonebook.NumberMatches;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.cdr.tenant.UnknownTenantException;
import com.crmtelephony.support.registry.TenantProfiles;

/**
 * A tenant's report: the figures the upserts keep per hour and per number (its cost grows with
 * the hours of its range and the tenant's distinct numbers, not with its calls), and what the
 * phone book said of the numbers, kept between reports and brought up to date from its change
 * feed. No transaction is held while the phone book is waited on.
 */
@Service
public class ReportService implements CallNumbers {

    static final int TOP_NUMBERS = 10;

    private static final Logger log = LoggerFactory.getLogger(ReportService.class);

    private final ReportRepository reports;
    private final TenantProfiles profiles;
    private final TenantRepository tenants;
    private final NumberMatches matches;
    private final Executor lookups;

    ReportService(ReportRepository reports, TenantRepository tenants, NumberMatches matches,
                  @Qualifier("applicationTaskExecutor") Executor lookups, TenantProfiles profiles) {
        this.profiles = profiles;
        this.reports = reports;
        this.tenants = tenants;
        this.matches = matches;
        this.lookups = lookups;
    }

    /** @throws UnknownTenantException when the tenant never had a call nor a sync */
    public Report report(UUID tenant, Instant from, Instant to) {
        return report(tenant, from, to, ReportOptions.DEFAULT);
    }

    /** @throws UnknownTenantException when the tenant never had a call nor a sync */
    Report report(UUID tenant, Instant from, Instant to, ReportOptions asked) {
        TenantRepository.Tenant known = tenants.find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
        ReportOptions options = asked.zone() != null ? asked
                : asked.inZone(profiles.zone(tenant).orElse(ReportOptions.DEFAULT.zone()));
        // The phone book is asked where its change feed stands while the database folds and sums
        // the hours, then about the numbers it has not been asked about, if any; without it the
        // report still answers, with its unmatched figures marked unavailable.
        CompletableFuture<Boolean> followed = CompletableFuture.supplyAsync(() -> matches.followChanges(tenant), lookups);
        reports.fold(tenant);
        List<HourlyFigures.Bucket> buckets = reports.buckets(tenant, from, to);
        HourlyFigures.Summary hours = HourlyFigures.of(buckets);
        Distribution local = Distribution.of(HourlyFigures.localHours(buckets, options.zone())
                .orElseGet(() -> reports.localHours(tenant, from, to, options.zone())));
        CallCentre centre = HourlyFigures.callCentre(buckets, options.serviceLevelSeconds(), options.shortAbandonSeconds(),
                hours.totals());
        List<CallCentre.Extension> extensions = reports.extensions(tenant, from, to);
        boolean phonebookAnswered = followed.join();
        ReportRepository.NumberFigures numbers = reports.numbers(tenant, from, to, TOP_NUMBERS);
        if (phonebookAnswered && !numbers.available()) {
            // Numbers the phone book has not been asked about (new, or whose contact changed).
            phonebookAnswered = matches.askAboutUnknown(tenant);
            numbers = reports.numbers(tenant, from, to, TOP_NUMBERS);
        }
        if (!phonebookAnswered) {
            numbers = new ReportRepository.NumberFigures(
                    numbers.top().stream().map(n -> new Report.NumberCount(n.number(), null, n.calls())).toList(), false, 0, 0);
        }
        return assemble(tenant, known.lastSyncedAt(), hours.totals(), hours.busiestHour(), numbers,
                new Local(options.zone(), local, centre, extensions));
    }

    /** The figures of the zone asked for, and the call centre's. */
    record Local(ZoneId zone, Distribution distribution, CallCentre centre, List<CallCentre.Extension> extensions) {
    }

    /** The report's figures from the kept aggregates and what the phone book told. */
    static Report assemble(UUID tenant, Instant lastSyncedAt, ReportRepository.Totals t, Integer busiestHourUtc,
                           ReportRepository.NumberFigures numbers, Local local) {
        Long unmatchedMinutes = null;
        Long unmatchedCalls = null;
        if (numbers.available()) {
            unmatchedMinutes = minutes(t.noNumberSeconds() + numbers.unmatchedSeconds());
            unmatchedCalls = t.noNumberCalls() + numbers.unmatchedCalls();
        }
        return new Report(t.calls(), minutes(t.answeredSeconds()), minutes(t.unansweredSeconds()), unmatchedMinutes,
                lastSyncedAt, t.inbound(), t.outbound(), t.answered(), t.calls() - t.answered(),
                t.calls() == 0 ? 0 : Math.round(10_000.0 * t.answered() / t.calls()) / 10_000.0,
                Math.round(t.talkSeconds()), round2(t.averageTalk()), round2(t.averageRing()),
                t.maxRing() == null ? null : Math.round(t.maxRing()),
                local.distribution().perDay(), busiestHourUtc, numbers.top(),
                unmatchedCalls, numbers.available(), local.zone().getId(), local.distribution().busiestHour(),
                local.distribution().byHour(), local.distribution().byWeekday(), local.distribution().byWeekdayHour(),
                local.centre(), local.extensions(), tenant);
    }

    /**
     * Adds the tenant's calls written since the last fold into the kept totals now: what reads
     * the per-number totals (the phone book's matches, the reconciliation) sees every call.
     */
    @Override
    public void fold(UUID tenant) {
        reports.fold(tenant);
    }

    /**
     * Folds what was written into the kept totals in the background too, so that deltas do not
     * pile up for tenants nobody asks a report of (each fold takes its tenant's lock: replicas
     * doing it at once take turns).
     */
    @Scheduled(fixedDelayString = "${crm.cdr.fold-interval:5s}", initialDelayString = "${crm.cdr.fold-interval:5s}")
    public void foldAll() {
        for (UUID tenant : reports.tenantsToFold()) {
            try {
                reports.fold(tenant);
            } catch (DataAccessException e) {
                log.warn("Folding tenant {}'s report figures failed (the next round or report folds them): {}", tenant, e.getMessage());
            }
        }
    }

    /** One report per known tenant, for operators (admin keys only, enforced at the gateway). */
    List<Report> reports(Instant from, Instant to, ReportOptions options) {
        return tenants.all().stream().map(tenant -> report(tenant, from, to, options)).toList();
    }

    static long minutes(double seconds) {
        return Math.round(seconds / 60.0);
    }

    private static Double round2(Double value) {
        return value == null ? null : Math.round(value * 100.0) / 100.0;
    }
}
