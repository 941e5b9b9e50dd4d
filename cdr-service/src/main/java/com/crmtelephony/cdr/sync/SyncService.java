package com.crmtelephony.cdr.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.cdr.call.Call;
import com.crmtelephony.cdr.call.CallRequest;
import com.crmtelephony.cdr.call.CallService;
import com.crmtelephony.cdr.call.CallValidator;
import com.crmtelephony.cdr.call.InvalidCallsException;
import com.crmtelephony.cdr.call.UpsertSummary;
import com.crmtelephony.cdr.phonebook.CallerNames;
import com.crmtelephony.cdr.phonebook.PhonebookDirectory;
import com.crmtelephony.cdr.tenant.TenantRepository;
import com.crmtelephony.support.jobs.JobProgress;
import com.crmtelephony.support.remote.RemoteCalls;
import com.crmtelephony.support.web.ProblemResponses;

/**
 * Pulls a tenant's calls from the PBX (through pbx-integration-service) and upserts them. Pages
 * are stored one transaction each, together with the PBX's cursor: if the PBX fails midway, what
 * is stored is whole pages, and the next sync goes on from the last of them.
 */
@Service
@ImportHttpServices(group = SyncService.PBX_INTEGRATION, types = PbxIntegrationClient.class)
public class SyncService {

    /** The service's id, its HTTP service group and its resilience instances (config-repo). */
    static final String PBX_INTEGRATION = "pbx-integration-service";

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final PbxIntegrationClient pbx;
    private final RemoteCalls remote;
    private final CallValidator validator;
    private final CallService calls;
    private final TenantRepository tenants;
    private final PhonebookDirectory phonebook;
    private final CallerNames names;
    private final TransactionTemplate transaction;
    private final SyncProperties properties;
    private final Clock clock;

    SyncService(PbxIntegrationClient pbx, RemoteCalls remote, CallValidator validator,
                CallService calls, TenantRepository tenants, PhonebookDirectory phonebook, CallerNames names,
                TransactionTemplate transaction, SyncProperties properties, Clock clock) {
        this.pbx = pbx;
        this.remote = remote;
        this.validator = validator;
        this.calls = calls;
        this.tenants = tenants;
        this.phonebook = phonebook;
        this.names = names;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param full from the PBX's first call instead of where the last sync ended
     * @throws com.crmtelephony.support.remote.DependencyUnavailableException when the PBX (or the adapter) is down
     */
    /** One call as the PBX has it now: when it started and its last event. */
    public record PbxCallState(String uuid, java.time.Instant start, String action) {
    }

    /**
     * What the PBX has of the tenant's calls, read page by page from the start of its feed and
     * handed to {@code eachPage}, stored nowhere and kept by no one here (the reconciliation
     * report compares each page with what is stored).
     *
     * @param max the most calls read
     * @return whether the feed was read to its end within {@code max}
     */
    public boolean inventory(UUID tenant, int max, java.util.function.Consumer<List<PbxCallState>> eachPage) {
        return inventory(tenant, max, null, eachPage);
    }

    /**
     * The same from about where the feed reaches {@code from}: the feed is in the order calls last
     * changed, and a call that started at {@code from} or later changed then or later, so what
     * comes before the first change of a day before {@code from} is passed over. Found by halving
     * the cursor range of the tenant's last sync (one call a step); from the start without one.
     * A tenant whose PBX holds more than {@code max} calls is read for its recent days, not its oldest.
     */
    public boolean inventory(UUID tenant, int max, Instant from, java.util.function.Consumer<List<PbxCallState>> eachPage) {
        return read(tenant, max, from == null ? null : from.minus(java.time.Duration.ofDays(1)),
                page -> eachPage.accept(page.stream().map(c -> new PbxCallState(c.uuid(), c.callStart(), c.action())).toList()));
    }

    /**
     * Pulls again the named calls (the stuck-call job's targeted read): the feed is read from about
     * where it reaches {@code from}, the earliest start among them, not from its beginning, and of
     * what it holds only these calls are stored; every other call is left to the regular sync.
     *
     * @param max the most calls read
     * @return how many of the named calls the PBX sent
     */
    public int pull(UUID tenant, java.util.Set<String> uuids, Instant from, int max) {
        int[] found = {0};
        read(tenant, max, from, page -> {
            List<Call> wanted = new ArrayList<>();
            for (CallRequest request : page) {
                if (uuids.contains(request.uuid())) {
                    try {
                        wanted.add(validator.validate(request));
                    } catch (InvalidCallsException e) {
                        log.warn("Tenant {}: the PBX sent a call that cannot be stored: {}", tenant, e.getMessage());
                    }
                }
            }
            if (!wanted.isEmpty()) {
                List<Call> named = withNames(tenant, wanted);
                transaction.executeWithoutResult(status -> calls.upsert(tenant, named));
                found[0] += wanted.size();
            }
        });
        return found[0];
    }

    /** The feed page by page, from about where it reaches {@code from} (from its start without one), {@code max} calls at most. */
    private boolean read(UUID tenant, int max, Instant from, java.util.function.Consumer<List<CallRequest>> eachPage) {
        long cursor = from == null ? 0 : cursorBefore(tenant, from);
        int read = 0;
        while (read < max) {
            long since = cursor;
            PbxIntegrationClient.CallPage page = remote.call(PBX_INTEGRATION, () -> pbx.calls(tenant, since, properties.pageSize()));
            List<CallRequest> data = page.data() == null ? List.of() : page.data();
            eachPage.accept(data);
            read += data.size();
            if (page.next() == null || data.isEmpty() || page.next() == since) {
                return true;
            }
            cursor = page.next();
        }
        return false;
    }

    /** A cursor at or before the first change of the feed whose call's latest moment is {@code at} or later. */
    private long cursorBefore(UUID tenant, Instant at) {
        long low = 0;
        long high = tenants.pbxCursor(tenant).position();
        while (high - low > properties.pageSize()) {
            long mid = low + (high - low) / 2;
            PbxIntegrationClient.CallPage probe = remote.call(PBX_INTEGRATION, () -> pbx.calls(tenant, mid, 1));
            List<CallRequest> data = probe.data() == null ? List.of() : probe.data();
            if (data.isEmpty()) {
                high = mid;
                continue;
            }
            CallRequest c = data.get(0);
            Instant latest = java.util.stream.Stream.of(c.callStart(), c.ringStart(), c.answerStart(), c.callEnd())
                    .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            if (latest != null && latest.isBefore(at)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    public SyncSummary sync(UUID tenant, boolean full) {
        return sync(tenant, full, JobProgress.NONE);
    }

    /**
     * The same, reporting as a job: {@code done} counts the calls fetched out of the calls the PBX
     * has past the cursor ({@code total}, from its first answer), each call it sent that cannot be
     * stored is an error.
     */
    public SyncSummary sync(UUID tenant, boolean full, JobProgress progress) {
        TenantRepository.PbxCursor from = full ? TenantRepository.PbxCursor.START : tenants.pbxCursor(tenant);
        long cursor = from.position();
        String epoch = from.epoch();
        boolean reread = false;
        int fetched = 0;
        int inserted = 0;
        int updated = 0;
        int unchanged = 0;
        int rejected = 0;
        while (true) {
            long since = cursor;
            PbxIntegrationClient.CallPage page = remote.call(PBX_INTEGRATION, () -> pbx.calls(tenant, since, properties.pageSize()));
            if (since > 0 && !reread && restarted(epoch, since, page)) {
                // What the cursor pointed at is gone: every call is read again, once, and stored
                // as an upsert (unchanged calls stay as they are).
                log.warn("Tenant {}: the PBX's feed restarted (epoch {} -> {}, cursor {}, {} calls): reading it from the start",
                        tenant, epoch, page.epoch(), since, page.total());
                reread = true;
                cursor = 0;
                epoch = page.epoch();
                continue;
            }
            epoch = page.epoch();
            if (fetched == 0) {
                progress.total(Math.max(0, page.total() - cursor));
            }
            List<CallRequest> data = page.data() == null ? List.of() : page.data();
            List<Call> valid = new ArrayList<>(data.size());
            for (CallRequest request : data) {
                try {
                    valid.add(validator.validate(request));
                } catch (InvalidCallsException e) {
                    rejected++;
                    progress.error(Map.of("uuid", String.valueOf(request.uuid()), "reason", e.getMessage()));
                    log.warn("Tenant {}: the PBX sent a call that cannot be stored: {}", tenant, e.getMessage());
                }
            }
            List<Call> named = withNames(tenant, valid);
            UpsertSummary stored = transaction.execute(status -> {
                UpsertSummary s = calls.upsert(tenant, named);
                if (page.next() != null && page.next() > since) {
                    tenants.savePbxCursor(tenant, new TenantRepository.PbxCursor(page.next(), page.epoch()));
                }
                return s;
            });
            fetched += data.size();
            inserted += stored.inserted();
            updated += stored.updated();
            unchanged += stored.unchanged();
            progress.done(fetched);
            if (page.next() == null || data.isEmpty() || page.next() == since) {
                break;
            }
            cursor = page.next();
        }
        // Calls stored before their contact was imported get its name now.
        int named = names.fillMissing(tenant, properties.pageSize());
        tenants.markSynced(tenant, clock.instant());
        log.info("Synced tenant {}: {} fetched, {} inserted, {} updated, {} rejected, {} named", tenant, fetched, inserted,
                updated, rejected, named);
        return new SyncSummary(fetched, inserted, updated, tenant, unchanged, rejected, null, null);
    }

    /**
     * Whether the PBX's feed is no longer the one the cursor was taken in: it names another epoch
     * (a restart), or, where it names none, the cursor lies beyond all of its calls or its answer
     * points back. A PBX that names an epoch for the first time is taken at its word.
     */
    static boolean restarted(String epoch, long since, PbxIntegrationClient.CallPage page) {
        if (page.next() != null && page.next() < since) {
            return true;
        }
        if (page.epoch() != null) {
            return epoch != null && !epoch.equals(page.epoch());
        }
        return since > page.total();
    }

    /**
     * Every tenant the PBX or this service knows, each by its own id. One tenant's failure (the
     * PBX refusing it, or down midway) is that tenant's outcome; the others are synced still.
     */
    public SyncSummary syncAll(boolean full) {
        return syncAll(full, JobProgress.NONE);
    }

    /** The same, reporting as a job: {@code done} counts the tenants synced out of all, a tenant that failed is an error. */
    public SyncSummary syncAll(boolean full, JobProgress progress) {
        TreeSet<UUID> all = new TreeSet<>(tenants.all());
        all.addAll(remote.call(PBX_INTEGRATION, pbx::tenants));
        progress.total(all.size());
        List<SyncSummary> each = new ArrayList<>();
        for (UUID tenant : all) {
            try {
                each.add(sync(tenant, full));
            } catch (HttpClientErrorException e) {
                log.warn("Sync of tenant {} refused: {}", tenant, e.getMessage());
                each.add(SyncSummary.failed(tenant, ProblemResponses.reasonOf(e)));
            } catch (RuntimeException e) {
                log.warn("Sync of tenant {} failed: {}", tenant, e.getMessage());
                each.add(SyncSummary.failed(tenant, e.getMessage()));
            }
            SyncSummary last = each.get(each.size() - 1);
            if (last.error() != null) {
                progress.error(Map.of("tenant", tenant.toString(), "reason", last.error()));
            }
            progress.done(each.size());
        }
        return SyncSummary.ofAll(each);
    }


    /**
     * Fills in callerName from the tenant's phone book where the PBX sent none. Calls from
     * unknown numbers, or all calls while the phone book is down, are kept as they are.
     */
    private List<Call> withNames(UUID tenant, List<Call> batch) {
        List<String> numbers = batch.stream().filter(c -> c.callerName() == null && c.callerNumber() != null)
                .map(c -> c.callerNumber().digits()).distinct().toList();
        Map<String, String> names = phonebook.names(tenant, numbers).orElse(Map.of());
        if (names.isEmpty()) {
            return batch;
        }
        return batch.stream().map(c -> c.callerName() != null || c.callerNumber() == null ? c
                : c.withCallerName(names.get(c.callerNumber().digits()))).toList();
    }
}
