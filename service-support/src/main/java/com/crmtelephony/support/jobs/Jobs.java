package com.crmtelephony.support.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.HttpClientErrorException;

import com.crmtelephony.support.errors.BusyException;
import com.crmtelephony.support.shares.Permits;
import com.crmtelephony.support.shares.TenantShares;
import com.crmtelephony.support.web.ProblemResponses;

/**
 * Long work that outlives its request: recorded in the service's own database (the {@code job}
 * table, R__support_jobs.sql), so any replica answers for it and it survives the client going
 * away. The work runs on this instance's few job threads; the instance marks its jobs alive, and a
 * job whose instance stopped marking it reads as failed (its work is idempotent, so asking again
 * is safe). Ended jobs are kept for {@link JobsProperties#keep()}.
 */
public class Jobs implements DisposableBean {

    /** Errors kept in a job; the count goes on. */
    public static final int MAX_ERRORS = 100;

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /** Queued or running, and not marked alive for stale-after seconds (the one parameter). */
    private static final String LOST = "state in ('queued', 'running') and updated_at < now() - make_interval(secs => ?)";

    private static final String STOPPED = "the instance running it stopped; nothing more will be done: ask again";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final JobsProperties properties;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService heartbeat;
    private final Set<UUID> mine = ConcurrentHashMap.newKeySet();
    private final TenantShares shares;
    private final Permits slots = new Permits("jobs", "jobs queued or running on this instance", 30);

    public Jobs(JdbcTemplate jdbc, JsonMapper json, JobsProperties properties, TenantShares shares) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.shares = shares;
        this.workers = new ThreadPoolExecutor(properties.threads(), properties.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queue()), daemons("job-"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemons("job-heartbeat-"));
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        try {
            Files.createDirectories(properties.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("crm.jobs.spool-dir " + properties.spoolDir() + " cannot be made", e);
        }
        heartbeat.execute(this::cleanSpool);
    }

    /** Jobs of this instance waiting for a thread (at most {@code crm.jobs.queue}). */
    public int waiting() {
        return workers.getQueue().size();
    }

    /** Jobs of this instance running now (at most {@code crm.jobs.threads}). */
    public int running() {
        return workers.getActiveCount();
    }

    /**
     * A job's place, held before anything of it is received: the tenant's share of job slots
     * ({@code crm.shares.defaults.jobs}, queued and running on this instance) and a free place in
     * this instance's queue. A job's file (an upload) is written only once its slot is held, so
     * a tenant past its share, or an instance whose queue is full, refuses it before a byte is
     * stored. Closed without a job started, the slot is free again.
     */
    public final class Slot implements AutoCloseable {

        private final UUID id = UUID.randomUUID();
        private final UUID tenant;
        private final Permits.Permit permit;

        private Slot(UUID tenant, Permits.Permit permit) {
            this.tenant = tenant;
            this.permit = permit;
        }

        /** Where the job's input may wait on disk, in this instance's spool: removed with the job, or as an orphan after a crash. */
        public Path file() {
            return properties.spoolDir().resolve(id + ".part");
        }

        @Override
        public void close() {
            permit.close();
            deleteQuietly(file());
        }
    }

    /**
     * @throws com.crmtelephony.support.shares.ShareExceededException 429 when the tenant holds its share of job slots
     * @throws BusyException (503, Retry-After) when this instance's queue is full
     */
    public Slot reserve(UUID tenant) {
        // An admin's job over every tenant is no tenant's: it counts against the instance's queue only.
        Permits.Permit permit = tenant == null ? () -> { } : slots.acquire(shares, tenant);
        if (workers.getQueue().remainingCapacity() == 0) {
            permit.close();
            throw busy();
        }
        return new Slot(tenant, permit);
    }

    private static CustomizableThreadFactory daemons(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }

    /**
     * Records a job of the tenant ({@code null}: an admin's job over every tenant) and queues its
     * work; answers the job as recorded. The work runs without the caller's security context, so
     * the calls it makes carry this service's own token, as background work does: a caller's
     * short-lived token would expire under a long job.
     *
     * @throws com.crmtelephony.support.shares.ShareExceededException 429 when the tenant holds its share of job slots
     * @throws BusyException (503, Retry-After) when this instance's queue is full
     */
    public Job start(UUID tenant, String kind, Function<JobProgress, ?> work) {
        return start(reserve(tenant), kind, work);
    }

    /**
     * {@link #start(UUID, String, Function)} in a slot reserved before: the slot is the job's
     * until it ends (its file too), or freed at once when the job cannot be queued.
     */
    public Job start(Slot slot, String kind, Function<JobProgress, ?> work) {
        UUID id = slot.id;
        Instant created;
        try {
            created = jdbc.queryForObject("insert into job (id, tenant_id, kind, state) values (?, ?, ?, 'queued')"
                    + " returning created_at", Timestamp.class, id, slot.tenant, kind).toInstant();
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        mine.add(id);
        try {
            workers.execute(() -> {
                try {
                    run(id, work);
                } finally {
                    slot.close();
                }
            });
        } catch (RejectedExecutionException full) {
            mine.remove(id);
            jdbc.update("delete from job where id = ?", id);
            slot.close();
            throw busy();
        }
        return new Job(id, kind, Job.State.QUEUED, 0, null, 0, List.of(), null, null, created, created, null);
    }

    private static BusyException busy() {
        return new BusyException("Too many jobs are waiting on this instance; nothing was started, try again shortly", 10);
    }

    /**
     * Files in the spool whose job is neither queued nor running anywhere (an instance stopped
     * in the middle) and that nobody wrote to for stale-after: an upload still arriving is
     * written to all the time, and a live job's file has its row.
     */
    void cleanSpool() {
        try (Stream<Path> files = Files.list(properties.spoolDir())) {
            long before = System.currentTimeMillis() - properties.staleAfter().toMillis();
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".part") || Files.getLastModifiedTime(file).toMillis() > before) {
                    continue;
                }
                UUID id;
                try {
                    id = UUID.fromString(name.substring(0, name.length() - ".part".length()));
                } catch (IllegalArgumentException notOurs) {
                    continue;
                }
                Boolean live = jdbc.queryForObject("select exists (select 1 from job where id = ? and state in ('queued', 'running'))",
                        Boolean.class, id);
                if (!Boolean.TRUE.equals(live)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("The job spool {} could not be cleaned: {}", properties.spoolDir(), e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Spool file {} could not be removed: {}", file, e.getMessage());
        }
    }

    /**
     * The job, if the caller may see it: a tenant its own jobs only, an admin every job. Another
     * tenant's job reads as absent, not as forbidden, so its id tells nothing.
     */
    public Optional<Job> find(UUID id, UUID tenant, boolean admin) {
        if (tenant == null && !admin) {
            return Optional.empty(); // no tenant, no jobs: an admin's jobs over every tenant are not anyone's
        }
        // A pure read, as clients poll it: a job whose instance stopped marking it alive reads as
        // ended with that instance even before a heartbeat records it so (endLostJobs).
        List<Job> found = jdbc.query("with j as (select *, " + LOST + " as lost from job"
                        + " where id = ? and (? or tenant_id is not distinct from ?))"
                        + " select id, kind, case when lost then 'failed' else state end as state, done, total, error_count,"
                        + " errors, result, case when lost then ? else failure end as failure, created_at, updated_at,"
                        + " case when lost then updated_at else finished_at end as finished_at from j",
                this::job, staleSeconds(), id, admin, tenant, STOPPED);
        return found.stream().findFirst();
    }

    /**
     * Records as failed every job whose instance stopped marking it alive, whichever instance ran
     * it; each instance's heartbeat does this, so lost jobs do not stay running in the table.
     *
     * @return how many were ended
     */
    public int endLostJobs() {
        // finished_at: its last sign of life, the latest it can have stopped.
        return jdbc.update("update job set state = 'failed', failure = ?, finished_at = updated_at, updated_at = now()"
                + " where " + LOST, STOPPED, staleSeconds());
    }

    private double staleSeconds() {
        return properties.staleAfter().toMillis() / 1000.0;
    }

    private void run(UUID id, Function<JobProgress, ?> work) {
        Progress progress = new Progress(id);
        try {
            jdbc.update("update job set state = 'running', updated_at = now() where id = ?", id);
            Object result = work.apply(progress);
            progress.flush();
            jdbc.update("update job set state = 'succeeded', result = ?::jsonb, finished_at = now(), updated_at = now()"
                    + " where id = ?", json.writeValueAsString(result), id);
        } catch (RuntimeException e) {
            log.warn("Job {} failed: {}", id, e.toString());
            try {
                progress.flush();
                jdbc.update("update job set state = 'failed', failure = ?, finished_at = now(), updated_at = now()"
                        + " where id = ?", reason(e), id);
            } catch (DataAccessException unrecorded) {
                // Its heartbeat stops with it below: once stale, the job reads as failed all the same.
                log.warn("Job {}: its failure could not be recorded: {}", id, unrecorded.getMessage());
            }
        } finally {
            mine.remove(id);
        }
    }

    /** What a client may read of why: a problem's detail, never a stack or a driver's SQL. */
    static String reason(RuntimeException e) {
        if (e instanceof ErrorResponse problem && problem.getBody().getDetail() != null) {
            return problem.getBody().getDetail();
        }
        if (e instanceof HttpClientErrorException refusal) {
            return ProblemResponses.reasonOf(refusal); // "404: This PBX has no tenant …", not the whole answer
        }
        if (e instanceof DataAccessException) {
            return "the database failed while the job ran; what was done so far is kept: ask again";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void beat() {
        try {
            if (!mine.isEmpty()) {
                jdbc.update("update job set updated_at = now() where id = any(?) and state in ('queued', 'running')",
                        (Object) mine.toArray(UUID[]::new));
            }
            endLostJobs();
            cleanSpool();
            jdbc.update("delete from job where finished_at < now() - make_interval(secs => ?)", properties.keep().toSeconds());
        } catch (RuntimeException e) {
            log.warn("Jobs could not be marked alive: {}", e.getMessage());
        }
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        List<JsonNode> errors = new ArrayList<>();
        json.readTree(rs.getString("errors")).forEach(errors::add);
        String result = rs.getString("result");
        long total = rs.getLong("total");
        return new Job(rs.getObject("id", UUID.class), rs.getString("kind"),
                Job.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getLong("done"), rs.wasNull() ? null : total, rs.getLong("error_count"), errors,
                result == null ? null : json.readTree(result), rs.getString("failure"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        workers.shutdownNow();
    }

    /** Counts in memory, written at most every {@link JobsProperties#flushEvery()} and at the end. */
    private final class Progress implements JobProgress {

        private final UUID id;
        private long done;
        private Long total;
        private long errorCount;
        private final List<Object> unwritten = new ArrayList<>();
        private long writtenAt = System.nanoTime();

        Progress(UUID id) {
            this.id = id;
        }

        @Override
        public void total(long total) {
            this.total = total;
            maybeFlush();
        }

        @Override
        public void done(long done) {
            this.done = done;
            maybeFlush();
        }

        @Override
        public void error(Object error) {
            if (errorCount++ < MAX_ERRORS) {
                unwritten.add(error);
            }
            maybeFlush();
        }

        private void maybeFlush() {
            if (System.nanoTime() - writtenAt >= properties.flushEvery().toNanos()) {
                flush();
            }
        }

        void flush() {
            jdbc.update("update job set done = ?, total = ?, error_count = ?, errors = errors || ?::jsonb, updated_at = now()"
                    + " where id = ?", done, total, errorCount, json.writeValueAsString(unwritten), id);
            unwritten.clear();
            writtenAt = System.nanoTime();
        }
    }
}
