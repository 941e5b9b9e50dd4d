package com.crmtelephony.cdr.sync;

import java.util.UUID;

import org.springframework.stereotype.Component;

import com.crmtelephony.support.jobs.JobInput;
import com.crmtelephony.support.jobs.JobProgress;
import com.crmtelephony.support.jobs.JobWork;

/**
 * {@code POST /cdr/update_cdr} with {@code Prefer: respond-async}, as a job any instance runs: the
 * tenant's sync (an admin's: every tenant's). Upserts, so a sync run again after a shutdown stores
 * each call once.
 */
@Component
class SyncJob implements JobWork {

    /** @param full pull from the PBX's first call, not from where the last sync ended */
    record Parameters(boolean full) {
    }

    private final SyncService sync;

    SyncJob(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public String kind() {
        return SyncController.JOB_KIND;
    }

    @Override
    public Object run(JobInput input, JobProgress progress) {
        return sync(sync, input.tenant(), input.parameters().path("full").asBoolean(false), progress);
    }

    static SyncSummary sync(SyncService sync, UUID tenant, boolean full, JobProgress progress) {
        return tenant != null ? sync.sync(tenant, full, progress) : sync.syncAll(full, progress);
    }
}
