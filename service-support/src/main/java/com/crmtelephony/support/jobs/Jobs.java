package com.crmtelephony.support.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.HttpClientErrorException;

import com.crmtelephony.support.errors.BusyException;
import com.crmtelephony.support.shares.Permits;
import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.support.shares.TenantShares;
import com.crmtelephony.support.web.ProblemResponses;

/**
 * Long work that outlives its request, and its pod: the queue is the service's own database (the
 * {@code job} table, R__support_jobs.sql), each job recorded as its {@link JobWork kind},
 * parameters and file, so any instance answers for it and any instance runs it. Each instance
 * takes queued jobs ({@code SKIP LOCKED}) while it has a free thread, the tenant with the fewest
 * jobs running first, and marks those it runs alive. On shutdown it takes no more, lets its
 * running jobs go on for {@link JobsProperties#drain()} and hands the rest back to the queue,
 * where another instance takes them up; after a crash, the heartbeat of another instance queues
 * them again once they are stale, at most {@link JobsProperties#maxAttempts()} times. A job may
 * thus run more than once; its work is idempotent (upserts), and its progress starts again.
 */
public class Jobs implements SmartLifecycle, DisposableBean {

    /** Errors kept in a job; the count goes on. */
    public static final int MAX_ERRORS = 100;

    /** A job's file is stored, and read back, in parts this big: an upload is never whole in memory. */
    static final int PART_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private static final String SHARE = "jobs";
    private static final String WHAT = "jobs queued or running";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate sql;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final JobsProperties properties;
    private final TenantShares shares;
    private final Map<String, JobWork> kinds = new HashMap<>();
    /** This process: a pod started again under the same name is another owner. */
    private final String owner;
    /** Uploads under way on this instance, counted against their tenant's share with its jobs in the table. */
    private final Permits uploads = new Permits(SHARE, WHAT, 30);
    private final Map<UUID, Running> mine = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    public Jobs(JdbcTemplate jdbc, JsonMapper json, JobsProperties properties, TenantShares shares, List<JobWork> work) {
        this.jdbc = jdbc;
        this.sql = new NamedParameterJdbcTemplate(jdbc);
        this.transaction = new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource()));
        this.json = json;
        this.properties = properties;
        this.shares = shares;
        work.forEach(w -> kinds.put(w.kind(), w));
        this.owner = hostName() + ":" + UUID.randomUUID();
        try {
            Files.createDirectories(properties.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("crm.jobs.spool-dir " + properties.spoolDir() + " cannot be made", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Jobs of the service waiting for a thread of any instance (at most {@code crm.jobs.queue}). */
    public int waiting() {
        return count("select count(*) from job where state = 'queued'", new MapSqlParameterSource());
    }

    /** Jobs this instance runs now (at most {@code crm.jobs.threads}). */
    public int running() {
        return mine.size();
    }

    private int count(String query, MapSqlParameterSource parameters) {
        Integer n = sql.queryForObject(query, parameters, Integer.class);
        return n == null ? 0 : n;
    }

    private int heldInTable(UUID tenant) {
        return count("select count(*) from job where tenant_id = :tenant and state in ('queued', 'running')",
                new MapSqlParameterSource("tenant", tenant));
    }

    /**
     * A job's place, held before anything of it is received: the tenant's share of jobs
     * ({@code crm.shares.defaults.jobs}: queued and running in the service, and uploads under way
     * here) and a place in the service's queue. A job's file is written only once its slot is
     * held, so a tenant past its share, or a full queue, refuses it before a byte is stored.
     * Closed without a job started, the slot is free again.
     */
    public final class Slot implements AutoCloseable {

        private final UUID id = UUID.randomUUID();
        private final UUID tenant;
        private final Permits.Permit permit;

        private Slot(UUID tenant, Permits.Permit permit) {
            this.tenant = tenant;
            this.permit = permit;
        }

        /** Where the job's input may wait on disk while it arrives: stored with the job, removed then or when stale. */
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
     * @throws ShareExceededException 429 when the tenant holds its share of jobs
     * @throws BusyException (503, Retry-After) when the service's queue is full
     */
    public Slot reserve(UUID tenant) {
        Permits.Permit permit = () -> { };
        if (tenant != null) {
            int share = shares.of(SHARE, tenant);
            synchronized (uploads) {
                if (heldInTable(tenant) + uploads.held(tenant) >= share) {
                    throw new ShareExceededException(SHARE, share, WHAT, 30);
                }
                permit = uploads.acquire(tenant, Integer.MAX_VALUE);
            }
        }
        if (waiting() >= properties.queue()) {
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
     * Records a job of the tenant ({@code null}: an admin's job over every tenant) in the queue;
     * answers the job as recorded. The work runs without the caller's security context, so the
     * calls it makes carry this service's own token, as background work does: a caller's
     * short-lived token would expire under a long job.
     *
     * @param parameters what the work needs besides the tenant, serialised to JSON (null: nothing)
     * @throws ShareExceededException 429 when the tenant holds its share of jobs
     * @throws BusyException (503, Retry-After) when the service's queue is full
     */
    public Job start(UUID tenant, String kind, Object parameters) {
        return start(reserve(tenant), kind, parameters);
    }

    /**
     * {@link #start(UUID, String, Object)} in a slot reserved before: the job, its parameters and
     * the slot's file (if one was written) are stored in one transaction; the slot is free then.
     */
    public Job start(Slot slot, String kind, Object parameters) {
        if (!kinds.containsKey(kind)) {
            slot.close();
            throw new IllegalArgumentException("No JobWork of kind " + kind + " in this service");
        }
        Instant created;
        try {
            created = transaction.execute(status -> record(slot, kind, parameters));
        } finally {
            slot.close();
        }
        wake();
        return new Job(slot.id, kind, Job.State.QUEUED, 0, null, 0, List.of(), null, null, created, created, null);
    }

    private Instant record(Slot slot, String kind, Object parameters) {
        if (slot.tenant != null) {
            // Instances of the service count the tenant's jobs one at a time (until commit).
            sql.query("select pg_advisory_xact_lock(hashtext(:key))", new MapSqlParameterSource("key", "job:" + slot.tenant),
                    rs -> { });
            int share = shares.of(SHARE, slot.tenant);
            if (heldInTable(slot.tenant) >= share) {
                throw new ShareExceededException(SHARE, share, WHAT, 30);
            }
        }
        if (waiting() >= properties.queue()) {
            throw busy();
        }
        Timestamp created = sql.queryForObject("""
                insert into job (id, tenant_id, kind, state, parameters)
                values (:id, :tenant, :kind, 'queued', cast(:parameters as jsonb))
                returning created_at""",
                new MapSqlParameterSource("id", slot.id).addValue("tenant", slot.tenant).addValue("kind", kind)
                        .addValue("parameters", parameters == null ? null : json.writeValueAsString(parameters)),
                Timestamp.class);
        Path file = slot.file();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] part;
                for (int n = 0; (part = in.readNBytes(PART_BYTES)).length > 0; n++) {
                    sql.update("insert into job_file (job_id, part, data) values (:id, :part, :data)",
                            new MapSqlParameterSource("id", slot.id).addValue("part", n).addValue("data", part));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return created.toInstant();
    }

    private static BusyException busy() {
        return new BusyException("Too many jobs are waiting; nothing was started, try again shortly", 10);
    }

    /** Wakes the dispatcher: a job was queued here, or a thread is free. */
    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Takes queued jobs while a thread is free; waits for a wake-up or the next poll otherwise. */
    private void dispatch() {
        while (running) {
            boolean took = false;
            if (mine.size() < properties.threads()) {
                try {
                    took = claim();
                } catch (RuntimeException e) {
                    log.warn("Queued jobs could not be taken: {}", e.getMessage());
                }
            }
            if (!took) {
                synchronized (signal) {
                    try {
                        signal.wait(properties.poll().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** The next queued job, of the tenant with the fewest running: this instance's now. */
    private boolean claim() {
        List<Taken> taken = sql.query("""
                update job j set state = 'running', owner = :owner, attempts = j.attempts + 1,
                       done = 0, total = null, error_count = 0, errors = '[]', updated_at = now()
                where j.id = (select q.id from job q where q.state = 'queued' and q.kind in (:kinds)
                              order by (select count(*) from job r where r.state = 'running'
                                        and r.tenant_id is not distinct from q.tenant_id), q.created_at
                              limit 1 for update skip locked)
                returning j.id, j.tenant_id, j.kind, j.parameters, j.attempts""",
                new MapSqlParameterSource("owner", owner).addValue("kinds", kinds.keySet()),
                (rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String parameters = rs.getString("parameters");
                    return new Taken(new JobInput(id, rs.getObject("tenant_id", UUID.class),
                            parameters == null ? NullNode.getInstance() : json.readTree(parameters), rs.getInt("attempts"),
                            () -> new Parts(id)), kinds.get(rs.getString("kind")));
                });
        if (taken.isEmpty()) {
            return false;
        }
        JobInput input = taken.get(0).input();
        Running job = new Running();
        mine.put(input.id(), job);
        try {
            workers.execute(() -> run(input, taken.get(0).work(), job));
        } catch (RuntimeException stopping) {
            mine.remove(input.id());
            handBack(List.of(input.id()));
        }
        return true;
    }

    private record Taken(JobInput input, JobWork work) {
    }

    /** A running job of this instance: its thread, and whether it was handed back (its writes then stop). */
    private static final class Running {
        volatile Thread thread;
        volatile boolean handedBack;
    }

    /** Thrown into the work of a job handed back to the queue: it stops, and writes nothing more. */
    static final class HandedBack extends RuntimeException {
        HandedBack() {
            super("handed back to the queue", null, false, false);
        }
    }

    private void run(JobInput input, JobWork work, Running job) {
        job.thread = Thread.currentThread();
        Progress progress = new Progress(input.id(), job);
        try {
            Object result = work.run(input, progress);
            progress.flush();
            end(input.id(), "succeeded", json.writeValueAsString(result), null);
        } catch (RuntimeException e) {
            if (job.handedBack || e instanceof HandedBack) {
                log.info("Job {} was handed back to the queue; another instance takes it up", input.id());
                return;
            }
            log.warn("Job {} failed: {}", input.id(), e.toString());
            try {
                progress.flush();
                end(input.id(), "failed", null, reason(e));
            } catch (RuntimeException unrecorded) {
                // Its heartbeat stops with it: once stale, the job is queued again.
                log.warn("Job {}: its failure could not be recorded: {}", input.id(), unrecorded.getMessage());
            }
        } finally {
            mine.remove(input.id());
            wake();
        }
    }

    private void end(UUID id, String state, String result, String failure) {
        int ended = sql.update("""
                update job set state = :state, result = cast(:result as jsonb), failure = :failure,
                       owner = null, finished_at = now(), updated_at = now()
                where id = :id and owner = :owner""",
                new MapSqlParameterSource("state", state).addValue("result", result).addValue("failure", failure)
                        .addValue("id", id).addValue("owner", owner));
        if (ended == 1) {
            sql.update("delete from job_file where job_id = :id", new MapSqlParameterSource("id", id));
        }
    }

    /** Back to the queue, as they were before this instance took them: the next instance starts them again. */
    private int handBack(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return sql.update("""
                update job set state = 'queued', owner = null, attempts = greatest(attempts - 1, 0), updated_at = now()
                where id in (:ids) and owner = :owner and state = 'running'""",
                new MapSqlParameterSource("ids", ids).addValue("owner", owner));
    }

    /**
     * Files in the spool nobody wrote to for stale-after: an upload still arriving is written to
     * all the time, and a job's file is in the table once the job is queued. At start-up, what an
     * instance that stopped in the middle of an upload left.
     */
    void cleanSpool() {
        try (Stream<Path> files = Files.list(properties.spoolDir())) {
            long before = System.currentTimeMillis() - properties.staleAfter().toMillis();
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".part") && Files.getLastModifiedTime(file).toMillis() <= before) {
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
        return sql.query("""
                select id, kind, state, done, total, error_count, errors, result, failure, created_at, updated_at, finished_at
                from job where id = :id and (:admin or tenant_id is not distinct from :tenant)""",
                new MapSqlParameterSource("id", id).addValue("admin", admin).addValue("tenant", tenant), this::job)
                .stream().findFirst();
    }

    /**
     * Running jobs of any instance not marked alive for stale-after (their instance crashed):
     * queued again, or failed once taken {@code crm.jobs.max-attempts} times. Each instance's
     * heartbeat does this.
     *
     * @return how many were queued again or failed
     */
    public int requeueLostJobs() {
        // finished_at of a failed one: its last sign of life, the latest it can have stopped.
        return sql.update("""
                update job set state = case when attempts < :max then 'queued' else 'failed' end,
                       failure = case when attempts < :max then null else :failure end,
                       finished_at = case when attempts < :max then null else updated_at end,
                       owner = null, updated_at = now()
                where state = 'running' and updated_at < now() - make_interval(secs => :stale)""",
                new MapSqlParameterSource("max", properties.maxAttempts()).addValue("stale", staleSeconds())
                        .addValue("failure", "the instances running it stopped " + properties.maxAttempts()
                                + " times; nothing more will be done: ask again"));
    }

    private double staleSeconds() {
        return properties.staleAfter().toMillis() / 1000.0;
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
                sql.update("update job set updated_at = now() where id in (:ids) and owner = :owner and state = 'running'",
                        new MapSqlParameterSource("ids", List.copyOf(mine.keySet())).addValue("owner", owner));
            }
            if (requeueLostJobs() > 0) {
                wake();
            }
            cleanSpool();
            sql.update("delete from job where finished_at < now() - make_interval(secs => :keep)",
                    new MapSqlParameterSource("keep", properties.keep().toSeconds()));
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
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(properties.threads(), daemons("job-"));
        heartbeat = Executors.newSingleThreadScheduledExecutor(daemons("job-heartbeat-"));
        heartbeat.execute(this::cleanSpool);
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        if (!kinds.isEmpty()) {
            Thread dispatcher = daemons("job-dispatch-").newThread(this::dispatch);
            dispatcher.start();
        }
    }

    /**
     * Takes no more jobs; lets those running go on for {@code crm.jobs.drain}, then hands the
     * rest back to the queue for another instance and stops their threads.
     */
    @Override
    public void stop(Runnable callback) {
        Thread drain = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "jobs-drain");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        long until = System.nanoTime() + properties.drain().toNanos();
        synchronized (signal) {
            while (!mine.isEmpty() && System.nanoTime() < until) {
                try {
                    signal.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<UUID> left = List.copyOf(mine.keySet());
        if (!left.isEmpty()) {
            left.forEach(id -> Optional.ofNullable(mine.get(id)).ifPresent(job -> job.handedBack = true));
            try {
                log.info("Handed {} running jobs back to the queue on shutdown", handBack(left));
            } catch (RuntimeException e) {
                log.warn("Running jobs could not be handed back ({}); they are queued again once stale", e.getMessage());
            }
        }
        workers.shutdownNow();
        heartbeat.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        stop();
    }

    /** Counts in memory, written at most every {@link JobsProperties#flushEvery()} and at the end. */
    private final class Progress implements JobProgress {

        private final UUID id;
        private final Running job;
        private long done;
        private Long total;
        private long errorCount;
        private final List<Object> unwritten = new ArrayList<>();
        private long writtenAt = System.nanoTime();

        Progress(UUID id, Running job) {
            this.id = id;
            this.job = job;
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
            if (job.handedBack) {
                throw new HandedBack();
            }
            if (System.nanoTime() - writtenAt >= properties.flushEvery().toNanos()) {
                flush();
            }
        }

        void flush() {
            int written = sql.update("""
                    update job set done = :done, total = :total, error_count = :errorCount,
                           errors = errors || cast(:errors as jsonb), updated_at = now()
                    where id = :id and owner = :owner""",
                    new MapSqlParameterSource("done", done).addValue("total", total).addValue("errorCount", errorCount)
                            .addValue("errors", json.writeValueAsString(unwritten)).addValue("id", id)
                            .addValue("owner", owner));
            if (written == 0) {
                // Queued again while this instance was away (stale): another runs it now.
                job.handedBack = true;
                throw new HandedBack();
            }
            unwritten.clear();
            writtenAt = System.nanoTime();
        }
    }

    /** A job's file read back from the table a part at a time. */
    private final class Parts extends InputStream {

        private final UUID id;
        private int next;
        private byte[] part = new byte[0];
        private int at;
        private boolean ended;

        Parts(UUID id) {
            this.id = id;
        }

        private boolean more() {
            while (at >= part.length) {
                if (ended) {
                    return false;
                }
                List<byte[]> found = sql.query("select data from job_file where job_id = :id and part = :part",
                        new MapSqlParameterSource("id", id).addValue("part", next++), (rs, i) -> rs.getBytes(1));
                if (found.isEmpty()) {
                    ended = true;
                    return false;
                }
                part = found.get(0);
                at = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return more() ? part[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!more()) {
                return -1;
            }
            int n = Math.min(length, part.length - at);
            System.arraycopy(part, at, into, offset, n);
            at += n;
            return n;
        }
    }
}
