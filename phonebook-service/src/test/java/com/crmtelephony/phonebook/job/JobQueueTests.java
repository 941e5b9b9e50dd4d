package com.crmtelephony.phonebook.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.crmtelephony.phonebook.PhonebookServiceTest;
import com.crmtelephony.support.errors.BusyException;
import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.JobInput;
import com.crmtelephony.support.jobs.JobProgress;
import com.crmtelephony.support.jobs.JobWork;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.jobs.JobsProperties;
import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.support.shares.TenantShares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The job queue in the service's database (issue 41), with two {@link Jobs} on one PostgreSQL as
 * two instances of a service are: a job outlives the instance that took it, and is done once.
 * Kinds of their own ({@code test-…}), which the service's own instance does not take.
 */
class JobQueueTests extends PhonebookServiceTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Jobs> instances = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(Jobs::stop);
        jdbc.update("delete from job where kind like 'test-%'");
    }

    private Jobs instance(int threads, int queue, TenantShares shares, Path spool, JobWork... work) {
        Jobs jobs = new Jobs(jdbc, JSON, new JobsProperties(threads, queue, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofDays(1), Duration.ZERO, spool, Duration.ofMillis(200), 3, Duration.ofMillis(300)), shares, List.of(work));
        instances.add(jobs);
        return jobs;
    }

    private Jobs instance(int threads, JobWork... work) {
        return instance(threads, 20, new TenantShares(Map.of("jobs", 10), null), spool(), work);
    }

    static Path spool() {
        try {
            return Files.createTempDirectory("jobs-spool-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobWork work(String kind, BiFunction<JobInput, JobProgress, Object> run) {
        return new JobWork() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Object run(JobInput input, JobProgress progress) {
                return run.apply(input, progress);
            }
        };
    }

    private String state(UUID job) {
        return jdbc.queryForObject("select state from job where id = ?", String.class, job);
    }

    static String sha256(InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A rolling update: the instance running a job stops; past its drain it hands the job back,
     * whose file (2.5 parts) is in the database, and the other instance runs it to the end, once.
     * The first run's writes stop with the hand-back.
     */
    @Test
    void aJobRunningOnAStoppingInstanceIsHandedBackAndTheOtherInstanceFinishesIt() throws Exception {
        UUID tenant = newTenant();
        AtomicInteger firstRuns = new AtomicInteger();
        List<Throwable> firstEnded = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        Jobs first = instance(1, work("test-handover", (input, progress) -> {
            firstRuns.incrementAndGet();
            try {
                for (long i = 0; ; i++) {
                    progress.done(i);
                    never.await(20, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException | InterruptedException e) {
                firstEnded.add(e);
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }));
        AtomicInteger secondRuns = new AtomicInteger();
        Jobs second = instance(1, work("test-handover", (input, progress) -> {
            secondRuns.incrementAndGet();
            return Map.of("sha256", sha256(input.openFile()), "attempt", input.attempt());
        }));
        byte[] upload = new byte[(int) (2.5 * (1 << 20))];
        new java.util.Random(41).nextBytes(upload);
        Job job;
        try (Jobs.Slot slot = first.reserve(tenant)) {
            Files.write(slot.file(), upload);
            job = first.start(slot, "test-handover", null);
            assertThat(slot.file()).as("stored with the job, not left on disk").doesNotExist();
        }
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(state(job.id())) && firstRuns.get() == 1);

        first.stop();
        assertThat(jdbc.queryForMap("select state, owner, attempts from job where id = ?", job.id()))
                .containsEntry("state", "queued").containsEntry("attempts", 0).containsEntry("owner", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> firstEnded.size() == 1);

        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(state(job.id())));
        assertThat(second.find(job.id(), tenant, false).orElseThrow().result().toString())
                .contains(sha256(new java.io.ByteArrayInputStream(upload))).contains("\"attempt\":1");
        assertThat(firstRuns).hasValue(1);
        assertThat(secondRuns).hasValue(1);
        assertThat(jdbc.queryForObject("select count(*) from job_file where job_id = ?", Long.class, job.id()))
                .as("the file goes with the job's end").isZero();
    }

    /** An instance that crashed marks nothing alive: its job is queued again, and failed once taken max-attempts times. */
    @Test
    void aJobOfACrashedInstanceIsQueuedAgainAndFailsAfterItsAttempts() {
        UUID tenant = newTenant();
        UUID again = UUID.randomUUID();
        UUID spent = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        jdbc.update("insert into job (id, tenant_id, kind, state, owner, attempts, done, updated_at)"
                + " values (?, ?, 'test-lost', 'running', 'crashed', 1, 10, now() - interval '5 minutes')", again, tenant);
        jdbc.update("insert into job (id, tenant_id, kind, state, owner, attempts, updated_at)"
                + " values (?, ?, 'test-lost', 'running', 'crashed', 3, now() - interval '5 minutes')", spent, tenant);
        jdbc.update("insert into job (id, tenant_id, kind, state, owner, attempts, updated_at)"
                + " values (?, ?, 'test-lost', 'running', 'alive', 1, now())", alive, tenant);

        assertThat(instance(1).requeueLostJobs()).isEqualTo(2);

        assertThat(jdbc.queryForMap("select state, owner, finished_at from job where id = ?", again))
                .containsEntry("state", "queued").containsEntry("owner", null).containsEntry("finished_at", null);
        assertThat(jdbc.queryForMap("select state, failure, finished_at < now() - interval '4 minutes' as at_last_beat"
                + " from job where id = ?", spent))
                .containsEntry("state", "failed").containsEntry("at_last_beat", true)
                .hasEntrySatisfying("failure", f -> assertThat((String) f).startsWith("the instances running it stopped 3 times"));
        assertThat(state(alive)).isEqualTo("running");

        // Taken up again, it runs from the start: its progress counts again.
        Jobs other = instance(1, work("test-lost", (input, progress) -> {
            progress.done(1);
            return input.attempt();
        }));
        other.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(state(again)));
        assertThat(jdbc.queryForMap("select done, result::text as result from job where id = ?", again))
                .containsEntry("done", 1L).containsEntry("result", "2");
    }

    /** The next job is of the tenant with the fewest running, so one tenant's many jobs do not hold the others'. */
    @Test
    void theTenantWithTheFewestJobsRunningGoesFirst() throws Exception {
        UUID greedy = newTenant();
        UUID other = newTenant();
        List<UUID> started = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Jobs jobs = instance(2, work("test-fair", (input, progress) -> {
            started.add(input.tenant());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        for (int i = 0; i < 3; i++) {
            jobs.start(greedy, "test-fair", null);
        }
        jobs.start(other, "test-fair", null);
        jobs.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).containsExactlyInAnyOrder(greedy, other);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
    }

    /** A tenant's share counts its jobs in the service, queued and running on any instance; nothing more is stored. */
    @Test
    void aTenantPastItsShareOnAnyInstanceIs429WithNothingStoredAndAFullQueueIs503() {
        UUID tenant = newTenant();
        UUID another = newTenant();
        TenantShares shares = new TenantShares(Map.of("jobs", 2), null);
        Jobs first = instance(1, 3, shares, spool(), work("test-share", (input, progress) -> null));
        Jobs second = instance(1, 3, shares, spool(), work("test-share", (input, progress) -> null));
        first.start(tenant, "test-share", null);
        second.start(tenant, "test-share", null);

        assertThatExceptionOfType(ShareExceededException.class).isThrownBy(() -> first.reserve(tenant))
                .satisfies(e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getBody().getProperties()).containsEntry("share", "jobs").containsEntry("limit", 2);
                });
        assertThatExceptionOfType(ShareExceededException.class).isThrownBy(() -> second.start(tenant, "test-share", null));
        assertThat(jdbc.queryForObject("select count(*) from job where tenant_id = ?", Long.class, tenant)).isEqualTo(2);

        // Three queued in the service (crm.jobs.queue here): the next is 503, whichever tenant.
        second.start(another, "test-share", null);
        assertThatExceptionOfType(BusyException.class).isThrownBy(() -> first.start(newTenant(), "test-share", null))
                .satisfies(e -> assertThat(e.retryAfterSeconds()).isEqualTo(10));
        assertThat(jdbc.queryForObject("select count(*) from job where kind = 'test-share'", Long.class)).isEqualTo(3);
    }

    /** An upload cut off by a crash leaves a file in the spool: the next start removes it, not an upload still arriving. */
    @Test
    void startingRemovesStrayUploadsFromTheSpool() throws Exception {
        Path spool = spool();
        Path stray = Files.writeString(spool.resolve(UUID.randomUUID() + ".part"), "half an upload");
        Files.setLastModifiedTime(stray, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path arriving = Files.writeString(spool.resolve(UUID.randomUUID() + ".part"), "still arriving");
        Jobs jobs = instance(1, 20, new TenantShares(Map.of("jobs", 10), null), spool);
        jobs.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(stray));
        assertThat(arriving).exists();
    }

    /** A slot given back without a job frees the share and removes its file. */
    @Test
    void aSlotClosedWithoutAJobFreesTheShareAndItsFile() throws Exception {
        UUID tenant = newTenant();
        Jobs jobs = instance(1, 20, new TenantShares(Map.of("jobs", 1), null), spool());
        Jobs.Slot slot = jobs.reserve(tenant);
        Files.writeString(slot.file(), "half an upload");
        assertThatExceptionOfType(ShareExceededException.class).isThrownBy(() -> jobs.reserve(tenant));
        slot.close();
        assertThat(slot.file()).doesNotExist();
        jobs.reserve(tenant).close();
    }
}
