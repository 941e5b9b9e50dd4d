package com.crmtelephony.support.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;

import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.support.remote.RemoteCalls;
import com.crmtelephony.support.shares.TenantShares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TenantProfilesTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID TENANT = UUID.randomUUID();
    static final RegistryProfilesProperties PROPERTIES = new RegistryProfilesProperties(true, Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    final RemoteCalls remote = new RemoteCalls(CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(),
            RetryRegistry.of(io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(1).build()),
            Executors.newCachedThreadPool());
    final AtomicLong now = new AtomicLong();
    final AtomicInteger asked = new AtomicInteger();
    /** What the registry answers: a profile's JSON, or a failure to throw. */
    final AtomicReference<Object> answer = new AtomicReference<>(profile("GR", "Europe/Athens", "\"jobs\":1"));
    final TenantProfiles profiles = new TenantProfiles(tenant -> {
        asked.incrementAndGet();
        Object a = answer.get();
        if (a instanceof RuntimeException e) {
            throw e;
        }
        return (JsonNode) a;
    }, remote, PROPERTIES, now::get);

    static JsonNode profile(String region, String zone, String shares) {
        return JSON.readTree("{\"id\":\"" + TENANT + "\",\"region\":\"" + region + "\",\"timeZone\":\"" + zone
                + "\",\"suspended\":false,\"shares\":{" + shares + "}}");
    }

    static HttpClientErrorException status(HttpStatus status) {
        return HttpClientErrorException.create(status, status.getReasonPhrase(), null, "{}".getBytes(), StandardCharsets.UTF_8);
    }

    @AfterEach
    void close() {
        profiles.close();
        remote.close();
    }

    @Test
    void aProfileIsReadOnceWhileFreshAndItsFieldsAreTheRegistrys() {
        assertThat(profiles.region(TENANT, "CY")).isEqualTo("GR");
        assertThat(profiles.zone(TENANT)).contains(ZoneId.of("Europe/Athens"));
        assertThat(profiles.share("jobs", TENANT)).isEqualTo(1);
        assertThat(profiles.share("streams", TENANT)).as("not set there: the deployment's").isNull();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aTenantTheRegistryDoesNotKnowHasTheConfiguredRegionAndNoZone() {
        answer.set(status(HttpStatus.NOT_FOUND));
        assertThat(profiles.region(TENANT, "CY")).isEqualTo("CY");
        assertThat(profiles.zone(TENANT)).isEmpty();
        assertThat(profiles.share("jobs", TENANT)).isNull();
        assertThat(asked).as("its absence is remembered too").hasValue(1);
    }

    @Test
    void withTheRegistryDownBeforeItEverAnsweredTheRegionIs503AndItIsAskedAgainOnlyAfterRetryAfter() {
        answer.set(new ResourceAccessException("connection refused"));
        assertThatThrownBy(() -> profiles.region(TENANT, "CY")).isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("tenant-service");
        assertThat(profiles.zone(TENANT)).as("a zone has its fallback").isEmpty();
        assertThat(profiles.share("jobs", TENANT)).as("so do shares: the configured ones").isNull();
        assertThat(asked).as("not asked again within retry-after").hasValue(1);
        answer.set(profile("GR", "Europe/Athens", ""));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(profiles.region(TENANT, "CY")).isEqualTo("GR");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aStaleProfileIsUsedWhileItIsReadAgainAndStaysWhenTheRegistryFails() {
        assertThat(profiles.region(TENANT, "CY")).isEqualTo("GR");
        answer.set(profile("GB", "Europe/London", "\"jobs\":2"));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(profiles.region(TENANT, "CY")).as("the one read last, at once").isEqualTo("GR");
        await().atMost(Duration.ofSeconds(5)).until(() -> "GB".equals(profiles.region(TENANT, "CY")));
        assertThat(profiles.share("jobs", TENANT)).isEqualTo(2);

        answer.set(new ResourceAccessException("connection refused"));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        int before = asked.get();
        assertThat(profiles.region(TENANT, "CY")).isEqualTo("GB");
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() > before);
        assertThat(profiles.region(TENANT, "CY")).as("an outage changes nothing").isEqualTo("GB");
        assertThat(profiles.zone(TENANT)).contains(ZoneId.of("Europe/London"));
    }

    @Test
    void aShareTheRegistryDoesNotHoldIsNotAskedOfIt() {
        answer.set(new ResourceAccessException("connection refused"));
        assertThat(profiles.share("requests", TENANT)).isNull();
        assertThat(profiles.share("reconciliations", TENANT)).isNull();
        assertThat(asked).as("no read for the requests share of a tenant's every request").hasValue(0);
    }

    @Test
    void anAnswerWithoutARegionIsNoProfile() {
        answer.set(JSON.readTree("{\"id\":\"" + TENANT + "\",\"timeZone\":\"UTC\"}"));
        assertThatThrownBy(() -> profiles.region(TENANT, "CY")).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aRegistryShareComesBeforeTheConfiguredOnes() {
        UUID configured = UUID.randomUUID();
        TenantShares shares = new TenantShares(Map.of("jobs", 4, "streams", 50), Map.of(TENANT, Map.of("jobs", 3, "streams", 7),
                configured, Map.of("jobs", 3)));
        shares.readFrom(profiles::share);
        assertThat(shares.of("jobs", TENANT)).as("the registry's").isEqualTo(1);
        assertThat(shares.of("streams", TENANT)).as("not in the registry: the tenant's configured").isEqualTo(7);
        answer.set(status(HttpStatus.NOT_FOUND));
        assertThat(shares.of("jobs", configured)).isEqualTo(3);
        assertThat(shares.of("jobs", UUID.randomUUID())).isEqualTo(4);
    }
}
