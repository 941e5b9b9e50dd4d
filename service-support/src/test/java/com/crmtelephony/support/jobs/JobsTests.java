package com.crmtelephony.support.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;

import com.crmtelephony.support.shares.ShareExceededException;
import com.crmtelephony.support.shares.TenantShares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What needs no database: the queue's bound, the reasons a client reads, the Prefer header, the settings' check. */
class JobsTests {

    static final TenantShares SHARES = new TenantShares(Map.of("jobs", 10), null);

    static Path spool() {
        try {
            return Files.createTempDirectory("jobs-spool-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Issue 37: a tenant's jobs, queued and running, are held to its share (429, naming it),
     * refused before its upload is written; another tenant's job is still taken.
     */
    @Test
    void aTenantPastItsShareOfJobSlotsIs429BeforeItsUploadAndAnotherTenantIsTaken() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.queryForObject(anyString(), eq(Timestamp.class), any(Object[].class)))
                .thenReturn(new Timestamp(System.currentTimeMillis()));
        UUID noisy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(), new JobsProperties(2, 20, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofDays(7), Duration.ZERO, spool()),
                new TenantShares(Map.of("jobs", 3), Map.of(quiet, Map.of("jobs", 1))));
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 3; i++) {
                jobs.start(noisy, "test", progress -> await(release));
            }
            assertThatExceptionOfType(ShareExceededException.class).isThrownBy(() -> jobs.reserve(noisy))
                    .satisfies(e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(429);
                        assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
                        assertThat(e.getBody().getProperties()).containsEntry("share", "jobs").containsEntry("limit", 3);
                    });
            // The other tenant's own share (1): taken, then full for it alone.
            try (Jobs.Slot slot = jobs.reserve(quiet)) {
                Files.writeString(slot.file(), "name,email,number\n");
                assertThat(jobs.start(slot, "test", progress -> "done").state()).isEqualTo(Job.State.QUEUED);
            }
        } finally {
            release.countDown();
            jobs.destroy();
        }
    }

    /** A slot given back without a job frees the share and removes its file. */
    @Test
    void aSlotClosedWithoutAJobFreesTheShareAndItsFile() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        UUID tenant = UUID.randomUUID();
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(), new JobsProperties(1, 1, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofDays(7), Duration.ZERO, spool()), new TenantShares(Map.of("jobs", 1), null));
        try {
            Jobs.Slot slot = jobs.reserve(tenant);
            Files.writeString(slot.file(), "half an upload");
            assertThatExceptionOfType(ShareExceededException.class).isThrownBy(() -> jobs.reserve(tenant));
            slot.close();
            assertThat(slot.file()).doesNotExist();
            jobs.reserve(tenant).close();
        } finally {
            jobs.destroy();
        }
    }

    /** Files of jobs that no instance runs (lost in a shutdown) leave the spool; a live job's and a fresh upload stay. */
    @Test
    void theSpoolKeepsOnlyFilesOfLiveJobsAndUploadsUnderWay() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        Path dir = spool();
        UUID live = UUID.randomUUID();
        when(jdbc.queryForObject(anyString(), eq(Boolean.class), any(Object[].class)))
                .thenAnswer(call -> live.equals(call.getArgument(2)));
        Path orphan = Files.writeString(dir.resolve(UUID.randomUUID() + ".part"), "x");
        Path ofLiveJob = Files.writeString(dir.resolve(live + ".part"), "x");
        Path uploading = Files.writeString(dir.resolve(UUID.randomUUID() + ".part"), "x");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(orphan, old);
        Files.setLastModifiedTime(ofLiveJob, old);
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(), new JobsProperties(1, 1, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofDays(7), Duration.ZERO, dir), SHARES);
        try {
            jobs.cleanSpool();
            assertThat(orphan).doesNotExist();
            assertThat(ofLiveJob).exists();
            assertThat(uploading).exists();
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void aFullQueueRefusesTheJobWith503AndKeepsNoRecordOfIt() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.queryForObject(anyString(), eq(Timestamp.class), any(Object[].class)))
                .thenReturn(new Timestamp(System.currentTimeMillis()));
        JobsProperties oneAndOne = new JobsProperties(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofDays(7), Duration.ZERO, spool());
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(), oneAndOne, SHARES);
        CountDownLatch release = new CountDownLatch(1);
        try {
            UUID tenant = UUID.randomUUID();
            Job running = jobs.start(tenant, "test", progress -> await(release));
            Job waiting = jobs.start(tenant, "test", progress -> await(release));
            assertThat(running.state()).isEqualTo(Job.State.QUEUED);
            assertThat(waiting.id()).isNotEqualTo(running.id());

            assertThatExceptionOfType(com.crmtelephony.support.errors.BusyException.class)
                    .isThrownBy(() -> jobs.start(tenant, "test", progress -> "never"))
                    .satisfies(e -> assertThat(e.retryAfterSeconds()).isEqualTo(10));
            // Refused before it was recorded: two jobs in the table, not three.
            verify(jdbc, org.mockito.Mockito.times(2)).queryForObject(startsWith("insert into job"), eq(Timestamp.class),
                    any(Object[].class));
        } finally {
            release.countDown();
            jobs.destroy();
        }
    }

    private static String await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }

    @Test
    void aFailureReadsAsItsProblemsDetailNeverAsTheDriversWords() {
        assertThat(Jobs.reason(new ErrorResponseException(org.springframework.http.HttpStatus.BAD_GATEWAY,
                org.springframework.http.ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.BAD_GATEWAY,
                        "the PBX refused"), null))).isEqualTo("the PBX refused");
        assertThat(Jobs.reason(new DataAccessResourceFailureException("FATAL: password authentication failed for user x")))
                .startsWith("the database failed").doesNotContain("password");
        assertThat(Jobs.reason(new IllegalStateException("more than 10 rows"))).isEqualTo("more than 10 rows");
        // As a RestClient throws it: with the converter of its answer's body.
        byte[] problem = "{\"status\":404,\"detail\":\"This PBX has no tenant x\",\"traceId\":\"abc\"}".getBytes();
        org.springframework.web.client.HttpClientErrorException refusal = org.springframework.web.client.HttpClientErrorException.create(
                org.springframework.http.HttpStatus.NOT_FOUND, "Not Found", HttpHeaders.EMPTY, problem,
                java.nio.charset.StandardCharsets.UTF_8);
        refusal.setBodyConvertFunction(type -> JsonMapper.builder().build().readValue(problem,
                org.springframework.http.ProblemDetail.class));
        assertThat(Jobs.reason(refusal)).isEqualTo("404: This PBX has no tenant x");
    }

    /** Progress between two writes is kept in memory and written at once (here: only at the end). */
    @Test
    void theJobRecordsItsProgressAndItsResultWhenItSucceeds() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.queryForObject(anyString(), eq(Timestamp.class), any(Object[].class)))
                .thenReturn(new Timestamp(System.currentTimeMillis()));
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(),
                new JobsProperties(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofDays(7), Duration.ofHours(1), spool()),
                SHARES);
        try {
            Job job = jobs.start((UUID) null, "test", progress -> {
                progress.total(2);
                progress.error(java.util.Map.of("line", 2));
                progress.done(2);
                return java.util.Map.of("imported", 1);
            });
            verify(jdbc, org.mockito.Mockito.timeout(5_000)).update(startsWith("update job set state = 'succeeded'"),
                    eq("{\"imported\":1}"), eq(job.id()));
            verify(jdbc).update(startsWith("update job set done = ?"),
                    eq(2L), eq(2L), eq(1L), eq("[{\"line\":2}]"), eq(job.id()));
        } finally {
            jobs.destroy();
        }
    }

    @Test
    void preferMayHoldOtherPreferencesAndValues() {
        assertThat(RespondAsync.requested("respond-async")).isTrue();
        assertThat(RespondAsync.requested("wait=10, Respond-Async")).isTrue();
        assertThat(RespondAsync.requested("respond-async; foo=bar")).isTrue();
        assertThat(RespondAsync.requested(null)).isFalse();
        assertThat(RespondAsync.requested("return=minimal")).isFalse();
        assertThat(RespondAsync.requested("respond-asynchronously")).isFalse();
    }

    @Test
    void aJobMustOutliveMissedHeartbeatsBeforeItIsCalledLost() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JobsProperties(2, 20, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofDays(7), Duration.ZERO, null));
    }
}
