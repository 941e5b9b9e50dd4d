package com.crmtelephony.cdr.report;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PhonebookStub;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.Traces.newTraceId;
import static com.crmtelephony.testsupport.Traces.traceparent;
import static com.crmtelephony.testsupport.Traces.continues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Report figures against values computed by hand on a fixed data set (the comment beside each
 * call gives its seconds, talk and ring time).
 */
class ReportTests extends CdrServiceTest {

    static final String CALLS = """
            [
             {"uuid":"r1","direction":"inbound","caller_number":35799000001,"destination_number":"2000",
              "call_start":"2024-05-01T10:00:00Z","ring_start":"2024-05-01T10:00:00Z","answer_start":"2024-05-01T10:00:10Z",
              "call_end":"2024-05-01T10:02:10Z","duration":130,"action":"HANGUP"},
             {"uuid":"r2","direction":"inbound","caller_number":35799000002,"destination_number":"2000",
              "call_start":"2024-05-01T11:00:00Z","ring_start":"2024-05-01T11:00:00Z",
              "call_end":"2024-05-01T11:00:40Z","duration":40,"action":"HANGUP"},
             {"uuid":"r3","direction":"outbound","caller_number":"2000","destination_number":35799000001,
              "call_start":"2024-05-02T09:00:00Z","ring_start":"2024-05-02T09:00:02Z","answer_start":"2024-05-02T09:00:07Z",
              "call_end":"2024-05-02T09:05:07Z","duration":307,"action":"HANGUP"},
             {"uuid":"r4","direction":"outbound","caller_number":"2000","destination_number":35799000003,
              "call_start":"2024-05-02T10:00:00Z","ring_start":"2024-05-02T10:00:01Z","answer_start":"2024-05-02T10:00:21Z",
              "call_end":"2024-05-02T10:01:41Z","action":"HANGUP"},
             {"uuid":"r5","direction":"inbound","caller_number":35799000002,"destination_number":"2000",
              "call_start":"2024-05-02T10:30:00Z","action":"ORIGINATE"}
            ]""";
    // r1 answered 130 s, talk 120, ring 10 | r2 missed 40 s, ring 40 | r3 answered 307 s, talk 300, ring 5
    // r4 answered 101 s (no duration: end - start), talk 80, ring 20 | r5 missed, no seconds, no ring
    // Only 35799000001 is a contact: unmatched = r2 + r4 + r5 = 141 s.

    UUID loadFixture() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, Map.of("35799000001", "Alice"));
        postCalls(tenant, CALLS).andExpect(status().isOk());
        return tenant;
    }

    /**
     * A report asked without tz is in the tenant's zone as the registry holds it (asked with
     * cdr-service's own token); the registry unable to say, the zone read last; a tenant the
     * registry does not know, UTC.
     */
    @Test
    void withoutTzAReportIsInTheTenantsZoneFromTheRegistry() throws Exception {
        UUID tenant = newTenant();
        registry.put(tenant, "CY", "Asia/Kolkata", Map.of());
        postCalls(tenant, """
                [{"uuid":"z1","direction":"inbound","caller_number":"35799000001","destination_number":"201",
                  "call_start":"2024-05-05T20:00:00Z","answer_start":"2024-05-05T20:00:10Z","call_end":"2024-05-05T20:02:10Z"}]""")
                .andExpect(status().isOk());
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(status().isOk())
                .andExpect(jsonPath("$.tz").value("Asia/Kolkata"))
                .andExpect(jsonPath("$.calls_per_day[0].date").value("2024-05-06"))
                .andExpect(jsonPath("$.calls_by_weekday_hour[0][1]").value(1));
        assertThat(registry.authorizations).isNotEmpty().allSatisfy(a -> assertThat(
                com.crmtelephony.testsupport.TestTokens.verifiedClaims(a, com.crmtelephony.testsupport.TestTokens.CDR))
                .containsEntry("iss", "cdr-service"));
        // The request's own tz still wins.
        mvc.perform(get("/cdr/report").with(tenant(tenant)).param("tz", "UTC")).andExpect(jsonPath("$.tz").value("UTC"));
        UUID unknown = newTenant();
        postCalls(unknown, "[{\"uuid\":\"z2\",\"direction\":\"inbound\",\"call_start\":\"2024-05-05T20:00:00Z\"}]")
                .andExpect(status().isOk());
        // The registry down, past the second its answers are fresh for: the zone read last, and no
        // report waits for the registry.
        registry.down = true;
        int asked = registry.paths.size();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.tz").value("Asia/Kolkata"));
            return registry.paths.size() > asked;
        });
        long started = System.nanoTime();
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.tz").value("Asia/Kolkata"));
        mvc.perform(get("/cdr/report").with(tenant(unknown))).andExpect(status().isOk()).andExpect(jsonPath("$.tz").value("UTC"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("no wait for the registry")
                .isLessThan(java.time.Duration.ofSeconds(1));
    }

    /**
     * The call-centre figures of a queue's evening, Sunday 20:00 UTC, which is Monday 01:30 in
     * Asia/Kolkata (UTC+05:30, so its hours come from the calls, not the kept UTC hours):
     * q1 answered by 201 after 10 s, talk 120 | q2 answered by 202 after 25 s, talk 60
     * | q3 rang 201 for 3 s (a short abandon) | q4 rang 202 for 40 s (abandoned) | q5 outbound from 201, talk 30
     * | q6 inbound still ringing (in no rate).
     */
    @Test
    void callCentreFiguresPerExtensionAndInAZoneMatchHandComputedOnes() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, """
                [{"uuid":"q1","direction":"inbound","caller_number":"35799000001","destination_number":"201",
                  "call_start":"2024-05-05T20:00:00Z","answer_start":"2024-05-05T20:00:10Z","call_end":"2024-05-05T20:02:10Z"},
                 {"uuid":"q2","direction":"inbound","caller_number":"35799000002","destination_number":"202",
                  "call_start":"2024-05-05T20:05:00Z","ring_start":"2024-05-05T20:05:00Z","answer_start":"2024-05-05T20:05:25Z",
                  "call_end":"2024-05-05T20:06:25Z"},
                 {"uuid":"q3","direction":"inbound","caller_number":"35799000003","destination_number":"201",
                  "call_start":"2024-05-05T20:10:00Z","ring_start":"2024-05-05T20:10:00Z","call_end":"2024-05-05T20:10:03Z"},
                 {"uuid":"q4","direction":"inbound","caller_number":"35799000004","destination_number":"202",
                  "call_start":"2024-05-05T20:40:00Z","ring_start":"2024-05-05T20:40:00Z","call_end":"2024-05-05T20:40:40Z"},
                 {"uuid":"q5","direction":"outbound","caller_number":"201","destination_number":"35799000005",
                  "call_start":"2024-05-05T20:50:00Z","answer_start":"2024-05-05T20:50:05Z","call_end":"2024-05-05T20:50:35Z"},
                 {"uuid":"q6","direction":"inbound","caller_number":"35799000006","destination_number":"203",
                  "call_start":"2024-05-05T20:55:00Z","ring_start":"2024-05-05T20:55:00Z","action":"RING"}]""")
                .andExpect(status().isOk());

        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tz").value("UTC"))
                .andExpect(jsonPath("$.call_centre.service_level_seconds").value(20))
                .andExpect(jsonPath("$.call_centre.offered_calls").value(5))
                .andExpect(jsonPath("$.call_centre.answered_calls").value(2))
                .andExpect(jsonPath("$.call_centre.abandoned_calls").value(1))
                .andExpect(jsonPath("$.call_centre.short_abandon_seconds").value(5))
                .andExpect(jsonPath("$.call_centre.short_abandoned_calls").value(1))
                .andExpect(jsonPath("$.call_centre.service_level").value(0.3333))     // q1 of q1, q2, q4
                .andExpect(jsonPath("$.call_centre.abandon_rate").value(0.3333))      // q4 of q1, q2, q4
                .andExpect(jsonPath("$.call_centre.average_speed_of_answer_seconds").value(17.5))
                .andExpect(jsonPath("$.call_centre.asr").value(0.5))                  // q1, q2, q5 of 6
                .andExpect(jsonPath("$.call_centre.acd_seconds").value(70.0))         // (120 + 60 + 30) / 3
                .andExpect(jsonPath("$.per_extension[0].extension").value("201"))
                .andExpect(jsonPath("$.per_extension[0].calls").value(3))
                .andExpect(jsonPath("$.per_extension[0].answered").value(1))
                .andExpect(jsonPath("$.per_extension[0].missed").value(1))
                .andExpect(jsonPath("$.per_extension[0].talk_seconds").value(150))
                .andExpect(jsonPath("$.per_extension[1].extension").value("202"))
                .andExpect(jsonPath("$.per_extension[1].missed").value(1))
                .andExpect(jsonPath("$.per_extension[1].talk_seconds").value(60))
                .andExpect(jsonPath("$.per_extension[2].extension").value("203"))
                .andExpect(jsonPath("$.per_extension[2].missed").value(0))
                .andExpect(jsonPath("$.calls_per_day[0].date").value("2024-05-05"))
                .andExpect(jsonPath("$.calls_by_weekday[6]").value(6))                // Sunday
                .andExpect(jsonPath("$.calls_by_weekday_hour[6][20]").value(6))
                .andExpect(jsonPath("$.busiest_hour").value(20));

        // N 25 takes q2 in time; a 0 s threshold makes q3 an abandon; Kolkata's hours are half past.
        mvc.perform(get("/cdr/report").with(tenant(tenant)).param("service_level_seconds", "25")
                        .param("short_abandon_seconds", "0").param("tz", "Asia/Kolkata"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tz").value("Asia/Kolkata"))
                .andExpect(jsonPath("$.call_centre.service_level").value(0.5))        // q1, q2 of q1..q4
                .andExpect(jsonPath("$.call_centre.abandoned_calls").value(2))
                .andExpect(jsonPath("$.call_centre.short_abandoned_calls").value(0))
                .andExpect(jsonPath("$.calls_per_day[0].date").value("2024-05-06"))
                .andExpect(jsonPath("$.calls_per_day[0].calls").value(6))
                .andExpect(jsonPath("$.calls_by_weekday_hour[0][1]").value(3))         // 01:30, 01:35, 01:40: q1-q3
                .andExpect(jsonPath("$.calls_by_weekday_hour[0][2]").value(3))         // 02:10, 02:20, 02:25: q4-q6
                .andExpect(jsonPath("$.calls_by_hour[1]").value(3))
                .andExpect(jsonPath("$.busiest_hour").value(1))                        // a tie: the earlier hour
                .andExpect(jsonPath("$.busiest_hour_utc").value(20));

        // A range cutting the hour: q1..q3 only (edge hour from the calls).
        mvc.perform(get("/cdr/report").with(tenant(tenant)).param("to", "2024-05-05T20:30:00Z"))
                .andExpect(jsonPath("$.call_centre.offered_calls").value(3))
                .andExpect(jsonPath("$.call_centre.service_level").value(0.5))        // q1 of q1, q2
                .andExpect(jsonPath("$.per_extension[0].extension").value("201"))
                .andExpect(jsonPath("$.per_extension[0].calls").value(2));
    }

    @Test
    void theReportMatchesHandComputedFigures() throws Exception {
        UUID tenant = loadFixture();
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_number_of_calls").value(5))
                .andExpect(jsonPath("$.total_successful_call_in_minutes").value(9))   // 538 s
                .andExpect(jsonPath("$.total_incomplete_call_in_minutes").value(1))   // 40 s
                .andExpect(jsonPath("$.total_unmatched_call_in_minutes").value(2))    // 141 s
                .andExpect(jsonPath("$.latest_sync_date").value(nullValue()))
                .andExpect(jsonPath("$.inbound_calls").value(3))
                .andExpect(jsonPath("$.outbound_calls").value(2))
                .andExpect(jsonPath("$.answered_calls").value(3))
                .andExpect(jsonPath("$.missed_calls").value(2))
                .andExpect(jsonPath("$.answer_rate").value(0.6))
                .andExpect(jsonPath("$.total_talk_seconds").value(500))
                .andExpect(jsonPath("$.average_talk_seconds").value(166.67))
                .andExpect(jsonPath("$.average_ring_seconds").value(18.75))
                .andExpect(jsonPath("$.max_ring_seconds").value(40))
                .andExpect(jsonPath("$.calls_per_day.length()").value(2))
                .andExpect(jsonPath("$.calls_per_day[0].date").value("2024-05-01"))
                .andExpect(jsonPath("$.calls_per_day[0].calls").value(2))
                .andExpect(jsonPath("$.calls_per_day[1].date").value("2024-05-02"))
                .andExpect(jsonPath("$.calls_per_day[1].calls").value(3))
                .andExpect(jsonPath("$.busiest_hour_utc").value(10))
                .andExpect(jsonPath("$.top_numbers.length()").value(3))
                .andExpect(jsonPath("$.top_numbers[0].number").value("35799000001"))
                .andExpect(jsonPath("$.top_numbers[0].name").value("Alice"))
                .andExpect(jsonPath("$.top_numbers[0].calls").value(2))
                .andExpect(jsonPath("$.top_numbers[1].number").value("35799000002"))
                .andExpect(jsonPath("$.top_numbers[1].name").value(nullValue()))
                .andExpect(jsonPath("$.top_numbers[2].number").value("35799000003"))
                .andExpect(jsonPath("$.unmatched_calls").value(3))
                .andExpect(jsonPath("$.unmatched_available").value(true))
                .andExpect(jsonPath("$.tenant_uuid").value(tenant.toString()));
        // Three distinct numbers, lookup batches of two: two requests, not one per call.
        assertThat(phonebook.requestSizes()).containsExactly(2, 1);
    }

    @Test
    void laterReportsAskThePhoneBookOnlyAboutNumbersThatChangedOrAreNew() throws Exception {
        phonebook.followChanges();
        UUID tenant = loadFixture();
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.unmatched_calls").value(3));
        assertThat(phonebook.requestSizes()).containsExactly(2, 1);

        phonebook.requestSizes().clear();
        int feedRequests = phonebook.feedRequests();
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(jsonPath("$.unmatched_calls").value(3))
                .andExpect(jsonPath("$.total_unmatched_call_in_minutes").value(2))
                .andExpect(jsonPath("$.top_numbers[0].name").value("Alice"));
        assertThat(phonebook.requestSizes()).isEmpty();
        assertThat(phonebook.feedRequests()).isEqualTo(feedRequests + 1);

        // 35799000002 (r2, r5) becomes Bob's; another tenant's change asks nothing of this one's.
        phonebook.contacts().put(tenant, Map.of("35799000001", "Alice", "35799000002", "Bob"));
        phonebook.changed(tenant, "35799000002");
        phonebook.changed(newTenant(), "35799000003");
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(jsonPath("$.top_numbers[1].name").value("Bob"))
                .andExpect(jsonPath("$.unmatched_calls").value(1))                  // r4
                .andExpect(jsonPath("$.total_unmatched_call_in_minutes").value(2));  // 101 s
        assertThat(phonebook.requestSizes()).containsExactly(1);

        phonebook.requestSizes().clear();
        postCalls(tenant, "[{\"uuid\":\"r6\",\"direction\":\"inbound\",\"caller_number\":35799000004,"
                + "\"destination_number\":\"2000\",\"call_start\":\"2024-05-03T10:00:00Z\",\"duration\":60,"
                + "\"action\":\"HANGUP\"}]").andExpect(status().isOk());
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.unmatched_calls").value(2));
        assertThat(phonebook.requestSizes()).containsExactly(1);
    }

    @Test
    void thePhoneBookLookupCarriesTheReportRequestsTrace() throws Exception {
        UUID tenant = loadFixture();
        String trace = newTraceId();
        mvc.perform(get("/cdr/report").with(tenant(tenant)).header("traceparent", traceparent(trace)))
                .andExpect(status().isOk());
        // Asked from another thread, under a time limit run on a third: the trace goes along.
        assertThat(phonebook.traceparents()).hasSize(2).allSatisfy(continues(trace));
    }

    @Test
    void theCompatKeysComeFirst() throws Exception {
        UUID tenant = loadFixture();
        String body = mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).startsWith("{\"total_number_of_calls\":5,\"total_successful_call_in_minutes\":9,"
                + "\"total_incomplete_call_in_minutes\":1,\"total_unmatched_call_in_minutes\":2,\"latest_sync_date\":null,");
    }

    @Test
    void aTimeRangeLimitsTheReport() throws Exception {
        UUID tenant = loadFixture();
        mvc.perform(get("/cdr/report").with(tenant(tenant))
                        .param("from", "2024-05-02T00:00:00Z").param("to", "2024-05-02T10:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_number_of_calls").value(1))            // r3
                .andExpect(jsonPath("$.total_successful_call_in_minutes").value(5))  // 307 s
                .andExpect(jsonPath("$.total_unmatched_call_in_minutes").value(0))
                .andExpect(jsonPath("$.busiest_hour_utc").value(9));
    }

    @Test
    void withThePhoneBookDownTheReportStillAnswersWithUnmatchedUnavailable() throws Exception {
        UUID tenant = loadFixture();
        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_number_of_calls").value(5))
                .andExpect(jsonPath("$.total_successful_call_in_minutes").value(9))
                .andExpect(jsonPath("$.total_unmatched_call_in_minutes").value(nullValue()))
                .andExpect(jsonPath("$.unmatched_calls").value(nullValue()))
                .andExpect(jsonPath("$.unmatched_available").value(false))
                .andExpect(jsonPath("$.top_numbers[0].name").value(nullValue()));
    }

    @Test
    void aHangingPhoneBookIsCutOffByTheTimeout() throws Exception {
        UUID tenant = loadFixture();
        phonebook.mode().set(PhonebookStub.Mode.SLOW);
        long started = System.nanoTime();
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unmatched_available").value(false));
        // The phone book's time limit is 1 s in tests; the stub hangs for 5 s.
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
    }

    @Test
    void anUnknownTenantIs404() throws Exception {
        mvc.perform(get("/cdr/report").with(tenant(newTenant())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").exists());
    }

    @Test
    void reportsHasOneReportPerTenantEachWithItsId() throws Exception {
        UUID first = loadFixture();
        UUID second = newTenant();
        postCalls(second, "[" + call("s1", "HANGUP", "2024-05-01T10:00:00Z") + "]").andExpect(status().isOk());
        mvc.perform(get("/cdr/reports").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].tenant_uuid", hasItem(first.toString())))
                .andExpect(jsonPath("$[*].tenant_uuid", hasItem(second.toString())))
                .andExpect(jsonPath("$[?(@.tenant_uuid == '" + first + "')].total_number_of_calls").value(5))
                .andExpect(jsonPath("$[?(@.tenant_uuid == '" + second + "')].total_number_of_calls").value(1));
    }

    @Test
    void reportsChecksTheAdminRoleItselfNotOnlyTheGateway() throws Exception {
        UUID tenant = loadFixture();
        mvc.perform(get("/cdr/reports")).andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        mvc.perform(get("/cdr/reports").with(tenant(tenant)).header("X-Crm-Role", "admin"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("admin")));
    }
}
