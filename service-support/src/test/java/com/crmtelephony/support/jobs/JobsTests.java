package com.crmtelephony.support.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;

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

    @Test
    void aFullQueueRefusesTheJobWith503AndRemovesItsRecord() throws Exception {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.queryForObject(anyString(), eq(Timestamp.class), any(Object[].class)))
                .thenReturn(new Timestamp(System.currentTimeMillis()));
        JobsProperties oneAndOne = new JobsProperties(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofDays(7), Duration.ZERO);
        Jobs jobs = new Jobs(jdbc, JsonMapper.builder().build(), oneAndOne);
        CountDownLatch release = new CountDownLatch(1);
        try {
            UUID tenant = UUID.randomUUID();
            Job running = jobs.start(tenant, "test", progress -> await(release));
            Job waiting = jobs.start(tenant, "test", progress -> await(release));
            assertThat(running.state()).isEqualTo(Job.State.QUEUED);
            assertThat(waiting.id()).isNotEqualTo(running.id());

            assertThatExceptionOfType(ErrorResponseException.class)
                    .isThrownBy(() -> jobs.start(tenant, "test", progress -> "never"))
                    .satisfies(e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(503);
                        assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
                    });
            verify(jdbc).update(eq("delete from job where id = ?"), any(Object[].class));
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
                new JobsProperties(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofDays(7), Duration.ofHours(1)));
        try {
            Job job = jobs.start(null, "test", progress -> {
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
                Duration.ofSeconds(20), Duration.ofDays(7), Duration.ZERO));
    }
}
