package com.crmtelephony.cdr.retention;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;

import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant's retention period for calls: set by an admin, removing what has expired in batches
 * (crm.retention.batch=2 here), on one replica at a time, with the report's figures as if the
 * calls had never been stored, and no way back for them through a sync.
 */
class RetentionTests extends CdrServiceTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @AfterEach
    void noLockLeft() {
        jdbc.update("update shedlock set lock_until = locked_at where name = 'retention'");
        // Other test classes' tenants keep everything: their calls are their own business.
        jdbc.update("update tenant set call_retention_days = null");
    }

    private String call(String uuid, String number, long daysAgo, boolean answered) {
        Instant start = now.minus(daysAgo, ChronoUnit.DAYS);
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"101","direction":"inbound",
                 "call_start":"%s","ring_start":"%s",%s"call_end":"%s","action":"HANGUP"}"""
                .formatted(uuid, number, start, start, answered ? "\"answer_start\":\"" + start.plusSeconds(5) + "\"," : "",
                        start.plusSeconds(65));
    }

    private ResultActions setDays(UUID tenant, String body) throws Exception {
        return mvc.perform(put("/cdr/retention").with(admin()).header("tenant-uuid", tenant)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions runNow() throws Exception {
        return mvc.perform(post("/cdr/retention/run").with(admin()));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private void storeOldAndNewCalls(UUID tenant, String prefix) throws Exception {
        postCalls(tenant, "[" + String.join(",",
                call(prefix + "-400", "35799100001", 400, true),
                call(prefix + "-100a", "35799100002", 100, false),
                call(prefix + "-100b", "35799100002", 100, true),
                call(prefix + "-40", "35799100003", 40, true),
                call(prefix + "-31", "35799100003", 31, false),
                call(prefix + "-10", "35799100003", 10, true),
                call(prefix + "-1", "35799100004", 1, false)) + "]").andExpect(status().isOk());
        // A call the PBX never gave a start, last written long ago; and one written now.
        postCalls(tenant, "[{\"uuid\":\"" + prefix + "-nostart-old\",\"caller_number\":\"35799100005\",\"action\":\"ORIGINATE\"},"
                + "{\"uuid\":\"" + prefix + "-nostart-new\",\"caller_number\":\"35799100005\",\"action\":\"ORIGINATE\"}]")
                .andExpect(status().isOk());
        // Written long ago: past the trigger that skips an update changing nothing of the call.
        jdbc.execute("do $$ begin set local session_replication_role = replica; update call_record set updated_at = "
                + "now() - interval '60 days' where tenant_id = '" + tenant + "' and uuid = '" + prefix + "-nostart-old'; end $$");
        for (String number : new String[] {"35799100001", "35799100002", "35799100003", "35799100004", "35799100005"}) {
            jdbc.update("insert into number_match (tenant_id, number, normalized, name) values (?, ?, ?, 'Someone')",
                    tenant, number, "+" + number);
        }
    }

    @Test
    void expiredCallsGoInBatchesAndOnlyTheTenantsWithAPeriodLoseAny() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        storeOldAndNewCalls(tenant, "r");
        storeOldAndNewCalls(other, "r");
        assertThat(storedCalls(tenant)).isEqualTo(9);

        mvc.perform(get("/cdr/retention").with(tenant(tenant))).andExpect(status().isOk())
                .andExpect(jsonPath("$.days").value(nullValue()));
        setDays(tenant, "{\"days\":30}").andExpect(status().isOk()).andExpect(jsonPath("$.days").value(30));
        mvc.perform(get("/cdr/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(30));

        runNow().andExpect(status().isOk());

        // 400, 100, 100, 40 and 31 days old, and the start-less one written 60 days ago: 6 of 9 gone.
        assertThat(jdbc.queryForList("select uuid from call_record where tenant_id = ? order by uuid", String.class, tenant))
                .containsExactly("r-1", "r-10", "r-nostart-new");
        assertThat(storedCalls(other)).as("a tenant without a period keeps everything").isEqualTo(9);
        // Phone-book matches go with the last call of their number.
        assertThat(jdbc.queryForList("select number from number_match where tenant_id = ? order by number", String.class, tenant))
                .containsExactly("35799100003", "35799100004", "35799100005");
        assertThat(count("select count(*) from number_match where tenant_id = ?", other)).isEqualTo(5);

        // Nothing left to remove: a second run removes nothing.
        long before = allStoredCalls();
        runNow().andExpect(status().isOk());
        assertThat(allStoredCalls()).isEqualTo(before);
    }

    @Test
    void theReportCountsTheCallsThatAreLeftAsPlainSqlDoes() throws Exception {
        UUID tenant = newTenant();
        storeOldAndNewCalls(tenant, "p");
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(jsonPath("$.total_number_of_calls").value(9));
        setDays(tenant, "{\"days\":35}").andExpect(status().isOk());
        runNow().andExpect(status().isOk());

        Map<String, Object> plain = jdbc.queryForMap("""
                select count(*) as calls,
                       count(*) filter (where answer_start is not null) as answered,
                       count(*) filter (where direction = 'inbound') as inbound,
                       round(coalesce(sum(extract(epoch from call_end - call_start)) filter (where answer_start is not null), 0) / 60) as answered_minutes
                from call_record where tenant_id = ?""", tenant);
        assertThat(plain.get("calls")).as("31, 10 and 1 day old, and the start-less one written now").isEqualTo(4L);
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(status().isOk())
                .andExpect(jsonPath("$.total_number_of_calls").value(plain.get("calls")))
                .andExpect(jsonPath("$.answered_calls").value(plain.get("answered")))
                .andExpect(jsonPath("$.inbound_calls").value(plain.get("inbound")))
                .andExpect(jsonPath("$.total_successful_call_in_minutes").value(((Number) plain.get("answered_minutes")).longValue()))
                .andExpect(jsonPath("$.top_numbers[*].number").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItems("35799100001", "35799100002"))));
        // The kept totals agree with the calls, hour by hour: nothing of the removed calls is left in them.
        assertThat(count("select coalesce(sum(calls), 0) from call_hour where tenant_id = ?", tenant))
                .isEqualTo(count("select count(*) from call_record where tenant_id = ?", tenant));
        assertThat(count("select count(*) from call_number where tenant_id = ? and number in ('35799100001', '35799100002')", tenant))
                .isZero();
    }

    @Test
    void aSyncDoesNotBringBackACallPastThePeriod() throws Exception {
        UUID tenant = newTenant();
        setDays(tenant, "{\"days\":30}").andExpect(status().isOk());
        postCalls(tenant, "[" + call("s-90", "35799100009", 90, true) + "," + call("s-5", "35799100009", 5, true) + "]")
                .andExpect(status().isOk());
        assertThat(jdbc.queryForList("select uuid from call_record where tenant_id = ?", String.class, tenant))
                .containsExactly("s-5");
        // The same PBX pages again, as a full sync reads them.
        postCalls(tenant, "[" + call("s-90", "35799100009", 90, true) + "]").andExpect(status().isOk());
        assertThat(storedCalls(tenant)).isEqualTo(1);
    }

    @Test
    void anotherReplicaRunningItMeansThisOneDoesNot() throws Exception {
        UUID tenant = newTenant();
        storeOldAndNewCalls(tenant, "l");
        setDays(tenant, "{\"days\":30}").andExpect(status().isOk());
        runNow().andExpect(status().isOk()); // makes the lock's row, then held by "another replica"
        storeOldAndNewCalls(newTenant(), "l");
        UUID late = newTenant();
        postCalls(late, "[" + call("l-late", "35799100001", 100, true) + "]").andExpect(status().isOk());
        setDays(late, "{\"days\":30}").andExpect(status().isOk());
        jdbc.update("update shedlock set lock_until = now() + interval '1 hour', locked_by = 'another' where name = 'retention'");

        runNow().andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(storedCalls(late)).isEqualTo(1);

        jdbc.update("update shedlock set lock_until = locked_at where name = 'retention'");
        runNow().andExpect(status().isOk());
        assertThat(storedCalls(late)).isZero();
    }

    @Test
    void badPeriodsAreRefusedAndChangeNothing() throws Exception {
        UUID tenant = newTenant();
        setDays(tenant, "{\"days\":90}").andExpect(status().isOk());
        for (String body : new String[] {"{\"days\":0}", "{\"days\":-5}", "{\"days\":36501}", "{}", "{\"dayz\":7}",
                "{\"days\":\"a year\"}", "[]", "not json"}) {
            setDays(tenant, body).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(get("/cdr/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(90));
        // null keeps everything again.
        setDays(tenant, "{\"days\":null}").andExpect(status().isOk());
        mvc.perform(get("/cdr/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(nullValue()));
    }

    @Test
    void aTenantKeyNeitherSetsAPeriodNorRunsTheJob() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + call("t-400", "35799100001", 400, true) + "]").andExpect(status().isOk());
        mvc.perform(put("/cdr/retention").with(tenant(tenant)).contentType(MediaType.APPLICATION_JSON).content("{\"days\":1}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/cdr/retention/run").with(tenant(tenant))).andExpect(status().isForbidden());
        mvc.perform(get("/cdr/retention").with(tenant(tenant))).andExpect(jsonPath("$.days").value(nullValue()));
        assertThat(storedCalls(tenant)).isEqualTo(1);
    }
}
