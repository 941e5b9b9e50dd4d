package com.crmtelephony.support.jobs;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What needs no database: the reasons a client reads, the Prefer header, the settings' check. The
 * queue itself is tested against PostgreSQL (phonebook-service's JobQueueTests).
 */
class JobsTests {

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
    void aJobMustOutliveMissedHeartbeatsBeforeItIsCalledLostAndBeTakenAtLeastOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JobsProperties(2, 20, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofDays(7), Duration.ZERO, null, Duration.ofSeconds(2), 3, Duration.ofSeconds(10)));
        assertThatIllegalArgumentException().isThrownBy(() -> new JobsProperties(2, 20, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofDays(7), Duration.ZERO, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(10)));
    }
}
