package com.crmtelephony.cdr.sync;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.ResultActions;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PbxIntegrationStub;
import com.crmtelephony.cdr.PhonebookStub;
import com.crmtelephony.testsupport.TestTokens;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static com.crmtelephony.testsupport.TestTokens.admin;
import static com.crmtelephony.testsupport.Traces.newTraceId;
import static com.crmtelephony.testsupport.Traces.traceparent;
import static com.crmtelephony.testsupport.Traces.continues;
import static com.crmtelephony.cdr.PbxIntegrationStub.pbxCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** POST /cdr/update_cdr and the nightly sync, against a stub of pbx-integration-service (pages of 2). */
class SyncTests extends CdrServiceTest {

    @Autowired
    ScheduledTaskHolder scheduled;
    @Autowired
    ScheduledSync scheduledSync;

    ResultActions updateCdr(UUID tenant) throws Exception {
        return mvc.perform(post("/cdr/update_cdr").with(tenant(tenant)));
    }

    ResultActions updateCdr(UUID tenant, String traceparent) throws Exception {
        return mvc.perform(post("/cdr/update_cdr").with(tenant(tenant)).header("traceparent", traceparent));
    }

    UUID tenantWithFiveCalls() {
        UUID tenant = newTenant();
        for (int i = 1; i <= 5; i++) {
            pbx.calls(tenant).add(pbxCall("s" + i, 35799000000L + i, null, "HANGUP"));
        }
        return tenant;
    }

    @Test
    void updateCdrPullsEveryPageUpsertsAndRemembersWhereItEnded() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        updateCdr(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$.fetched").value(5)).andExpect(jsonPath("$.inserted").value(5))
                .andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.tenant").value(tenant.toString()));
        assertThat(storedCalls(tenant)).isEqualTo(5);
        assertThat(pbx.requests()).as("pages of 2, 2, 1, then an empty one").isEqualTo(4);

        pbx.calls(tenant).add(pbxCall("s6", 35799000006L, null, "RING"));
        updateCdr(tenant).andExpect(jsonPath("$.fetched").value(1)).andExpect(jsonPath("$.inserted").value(1));
        mvc.perform(post("/cdr/update_cdr").param("full", "true").with(tenant(tenant)))
                .andExpect(jsonPath("$.fetched").value(6)).andExpect(jsonPath("$.unchanged").value(6));
        assertThat(storedCalls(tenant)).isEqualTo(6);
    }

    @Test
    void aSyncCarriesItsRequestsTraceToThePbxAndThePhoneBook() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        String trace = newTraceId();
        updateCdr(tenant, traceparent(trace)).andExpect(status().isOk());
        assertThat(pbx.traceparents()).as("pages of 2, 2, 1, then an empty one").hasSize(4).allSatisfy(continues(trace));
        assertThat(phonebook.traceparents()).isNotEmpty().allSatisfy(continues(trace));
    }

    @Test
    void onACallersBehalfTheCallersTokenGoesOnToThePbxAndThePhoneBook() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        String token = TestTokens.tenant(tenant).signed();
        mvc.perform(post("/cdr/update_cdr").with(TestTokens.bearer(token))).andExpect(status().isOk());
        assertThat(pbx.authorizations()).hasSize(4).containsOnly("Bearer " + token);
        assertThat(phonebook.authorizations()).isNotEmpty().containsOnly("Bearer " + token);
    }

    @Test
    void theNightlySyncCallsWithCdrServicesOwnTokenForEachService() {
        UUID tenant = tenantWithFiveCalls();
        scheduledSync.nightly();
        assertThat(storedCalls(tenant)).isEqualTo(5);
        assertThat(pbx.authorizations()).isNotEmpty().allSatisfy(authorization ->
                assertThat(TestTokens.verifiedClaims(authorization, TestTokens.CDR))
                        .containsEntry("iss", "cdr-service").containsEntry("role", "admin")
                        .containsEntry("aud", List.of("pbx-integration-service")).doesNotContainKey("tenant"));
        assertThat(phonebook.authorizations()).isNotEmpty().allSatisfy(authorization ->
                assertThat(TestTokens.verifiedClaims(authorization, TestTokens.CDR))
                        .containsEntry("iss", "cdr-service").containsEntry("aud", List.of("phonebook-service")));
    }

    @Test
    void callerNamesComeFromThePhoneBookAndUnknownNumbersAreKept() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, Map.of("35799000001", "Alice"));
        pbx.calls(tenant).add(pbxCall("n1", 35799000001L, null, "HANGUP"));
        pbx.calls(tenant).add(pbxCall("n2", 35799000002L, null, "HANGUP"));
        pbx.calls(tenant).add(pbxCall("n3", 35799000001L, "Named by the PBX", "HANGUP"));
        updateCdr(tenant).andExpect(jsonPath("$.inserted").value(3));
        getCalls(tenant).andExpect(jsonPath("$", hasSize(3)))
                .andExpect(jsonPath("$[?(@.uuid == 'n1')].callerName").value("Alice"))
                .andExpect(jsonPath("$[?(@.uuid == 'n2')].callerName").value(org.hamcrest.Matchers.contains(nullValue())))
                .andExpect(jsonPath("$[?(@.uuid == 'n3')].callerName").value("Named by the PBX"));
    }

    @Test
    void theReportShowsTheLatestSyncDate() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        updateCdr(tenant);
        mvc.perform(get("/cdr/report").with(tenant(tenant)))
                .andExpect(jsonPath("$.latest_sync_date", notNullValue()))
                .andExpect(jsonPath("$.total_number_of_calls").value(5));
    }

    @Test
    void withThePbxDownTheCallerGets503AndNothingIsWritten() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        pbx.mode(PbxIntegrationStub.Mode.DOWN);
        updateCdr(tenant).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.detail", containsString("pbx-integration-service is unavailable")));
        assertThat(storedCalls(tenant)).isZero();
        mvc.perform(get("/cdr/report").with(tenant(tenant))).andExpect(status().isNotFound());

        pbx.mode(PbxIntegrationStub.Mode.PAGED);
        updateCdr(tenant).andExpect(status().isOk()).andExpect(jsonPath("$.inserted").value(5));
    }

    @Test
    void aPbxFailingMidwayLeavesWholePagesAndTheNextSyncGoesOnFromThere() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        pbx.downAfterPages(1);
        updateCdr(tenant).andExpect(status().isServiceUnavailable());
        assertThat(storedCalls(tenant)).as("the first page, whole").isEqualTo(2);

        pbx.downAfterPages(-1);
        updateCdr(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$.fetched").value(3)).andExpect(jsonPath("$.inserted").value(3));
        assertThat(storedCalls(tenant)).isEqualTo(5);
    }

    @Test
    void withThePhoneBookDownCallsAreStoredWithoutNames() throws Exception {
        UUID tenant = newTenant();
        phonebook.contacts().put(tenant, Map.of("35799000001", "Alice"));
        phonebook.mode().set(PhonebookStub.Mode.ERROR);
        pbx.calls(tenant).add(pbxCall("p1", 35799000001L, null, "HANGUP"));
        updateCdr(tenant).andExpect(status().isOk()).andExpect(jsonPath("$.inserted").value(1));
        getCalls(tenant).andExpect(jsonPath("$[0].callerName").value(nullValue()));
    }

    @Test
    void againstTheOriginalPbxEverythingComesInOnePage() throws Exception {
        UUID tenant = tenantWithFiveCalls();
        pbx.mode(PbxIntegrationStub.Mode.ALL_AT_ONCE);
        updateCdr(tenant).andExpect(jsonPath("$.fetched").value(5)).andExpect(jsonPath("$.inserted").value(5));
        updateCdr(tenant).andExpect(jsonPath("$.fetched").value(5)).andExpect(jsonPath("$.unchanged").value(5));
        assertThat(pbx.requests()).isEqualTo(2);
    }

    @Test
    void aCallThePbxSendsBrokenIsSkippedAndCounted() throws Exception {
        UUID tenant = newTenant();
        pbx.calls(tenant).add(pbxCall("ok", 35799000001L, null, "HANGUP"));
        pbx.calls(tenant).add(pbxCall("bad", 35799000001L, null, "EXPLODED"));
        updateCdr(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$.fetched").value(2)).andExpect(jsonPath("$.inserted").value(1))
                .andExpect(jsonPath("$.rejected").value(1));
    }

    @Test
    void adminsSyncEveryTenantOthersMustNameOne() throws Exception {
        UUID first = tenantWithFiveCalls();
        UUID second = newTenant();
        pbx.calls(second).add(pbxCall("x", 35799000001L, null, "HANGUP"));
        mvc.perform(post("/cdr/update_cdr")).andExpect(status().isUnauthorized());
        assertThat(storedCalls(first) + storedCalls(second)).isZero();
        mvc.perform(post("/cdr/update_cdr").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value(nullValue()))
                .andExpect(jsonPath("$.tenants[?(@.tenant == '" + first + "')].inserted").value(5))
                .andExpect(jsonPath("$.tenants[?(@.tenant == '" + second + "')].inserted").value(1));
        assertThat(storedCalls(first) + storedCalls(second)).isEqualTo(6);
    }

    /**
     * The PBX restarted between two syncs: its feed counts from the start again, with calls
     * that changed meanwhile. The next incremental sync sees it and reads the feed whole, so every
     * call ends in its final state.
     */
    @Test
    void aRestartedPbxFeedIsReadFromItsStartAndEveryCallEndsInItsFinalState() throws Exception {
        for (String epoch : new String[] {null, "epoch-1"}) {
            UUID tenant = newTenant();
            for (int i = 1; i <= 5; i++) {
                pbx.calls(tenant).add(pbxCall("s" + i, 35799000000L + i, null, "RING"));
            }
            pbx.epoch().set(epoch);
            updateCdr(tenant).andExpect(jsonPath("$.inserted").value(5));
            // Restarted: a new epoch (or, naming none, fewer calls than the cursor); s2 and s4 have ended.
            pbx.epoch().set(epoch == null ? null : "epoch-2");
            List<Map<String, Object>> restarted = pbx.calls(tenant);
            restarted.clear();
            restarted.add(pbxCall("s2", 35799000002L, null, "HANGUP"));
            restarted.add(pbxCall("s4", 35799000004L, null, "HANGUP"));
            if (epoch != null) {
                for (int i : new int[] {1, 3, 5}) {
                    restarted.add(pbxCall("s" + i, 35799000000L + i, null, "RING"));
                }
            }
            updateCdr(tenant).andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(2));
            getCalls(tenant).andExpect(jsonPath("$", hasSize(5)))
                    .andExpect(jsonPath("$[?(@.uuid == 's2')].action").value(org.hamcrest.Matchers.contains("HANGUP")))
                    .andExpect(jsonPath("$[?(@.uuid == 's4')].action").value(org.hamcrest.Matchers.contains("HANGUP")));
            // And the next sync goes on from where the re-read ended, in the new epoch.
            int before = pbx.requests();
            updateCdr(tenant).andExpect(jsonPath("$.fetched").value(0));
            assertThat(pbx.requests() - before).as("one empty page").isEqualTo(1);
        }
    }

    @Test
    void theCursorOfAnotherEpochOrBeyondThePbxsCallsMeansARestart() {
        PbxIntegrationClient.CallPage page = new PbxIntegrationClient.CallPage(10, 12L, "e2", List.of());
        assertThat(SyncService.restarted("e1", 11, page)).isTrue();
        assertThat(SyncService.restarted("e2", 11, page)).isFalse();
        assertThat(SyncService.restarted(null, 11, page)).as("a first epoch is taken at its word").isFalse();
        assertThat(SyncService.restarted("e2", 13, page)).as("an answer pointing back").isTrue();
        PbxIntegrationClient.CallPage noEpoch = new PbxIntegrationClient.CallPage(10, 10L, null, List.of());
        assertThat(SyncService.restarted(null, 10, noEpoch)).isFalse();
        assertThat(SyncService.restarted(null, 11, noEpoch)).as("beyond all of its calls").isTrue();
    }

    @Test
    void aTenantThePbxRefusesIsThatTenantsOutcomeAndTheOthersAreSynced() throws Exception {
        UUID first = tenantWithFiveCalls();
        UUID refused = tenantWithFiveCalls();
        UUID last = tenantWithFiveCalls();
        pbx.refused().add(refused);
        mvc.perform(post("/cdr/update_cdr").with(tenant(refused)))
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.detail", containsString("not for tenant " + refused)));
        mvc.perform(post("/cdr/update_cdr").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tenants[?(@.tenant == '" + refused + "')].error").value(
                        org.hamcrest.Matchers.contains(containsString("409: The PBX answered for tenant"))))
                .andExpect(jsonPath("$.tenants[?(@.tenant == '" + last + "')].inserted").value(5));
        assertThat(storedCalls(first)).isEqualTo(5);
        assertThat(storedCalls(refused)).isZero();
        assertThat(storedCalls(last)).isEqualTo(5);
    }

    @Test
    void theNightlySyncRunsOnTheCompatCronAndSyncsEveryTenant() {
        assertThat(scheduled.getScheduledTasks()).anySatisfy(task -> {
            assertThat(task.getTask()).isInstanceOf(CronTask.class);
            assertThat(((CronTask) task.getTask()).getExpression()).isEqualTo("0 0 20 * * *");
        });
        UUID tenant = tenantWithFiveCalls();
        scheduledSync.nightly();
        assertThat(storedCalls(tenant)).isEqualTo(5);

        pbx.mode(PbxIntegrationStub.Mode.DOWN);
        scheduledSync.nightly(); // logs, does not throw
    }

    @Test
    void everyFewMinutesEachTenantsChangedCallsArePulledAndCallsLeftUnfinishedAreCompleted() {
        assertThat(scheduled.getScheduledTasks()).anySatisfy(task -> {
            assertThat(task.getTask()).isInstanceOf(org.springframework.scheduling.config.FixedDelayTask.class);
            assertThat(((org.springframework.scheduling.config.FixedDelayTask) task.getTask()).getIntervalDuration())
                    .isEqualTo(java.time.Duration.ofMinutes(3));
        });
        UUID tenant = newTenant();
        pbx.calls(tenant).add(pbxCall("r1", 35799000001L, null, "RING"));
        scheduledSync.reconcile();
        // The PBX's feed is in the order calls last changed: the hung-up call comes after the cursor.
        pbx.calls(tenant).add(pbxCall("r1", 35799000001L, null, "HANGUP"));
        scheduledSync.reconcile();
        assertThat(storedCalls(tenant)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select action from call_record where tenant_id = ? and uuid = 'r1'",
                String.class, tenant)).isEqualTo("HANGUP");
    }

    @Test
    void withTwoInstancesTheNightlySyncRunsOnOneOfThem() {
        tenantWithFiveCalls();
        // A second instance of cdr-service on the same database, holding its lock for a minute.
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(com.crmtelephony.cdr.CdrApplication.class)
                .run("--server.port=0", "--crm.sync.nightly-lock-at-least=PT1M",
                        "--GATEWAY_TOKEN_PUBLIC_KEYS=" + TestTokens.publicKey(TestTokens.GATEWAY),
                        "--PBX_TOKEN_PUBLIC_KEYS=" + TestTokens.publicKey(TestTokens.PBX),
                        "--CDR_TOKEN_SIGNING_KEY=" + TestTokens.privateKey(TestTokens.CDR),
                        "--crm.privacy.pseudonym-key=test-only-pseudonym-key-of-32-characters",
                        "--spring.cloud.discovery.client.simple.instances.phonebook-service[0].uri=" + phonebook.url(),
                        "--spring.cloud.discovery.client.simple.instances.pbx-integration-service[0].uri=" + pbx.url())) {
            other.getBean(ScheduledSync.class).nightly();
            int asked = pbx.authorizations().size();
            assertThat(asked).as("the other instance synced").isPositive();

            scheduledSync.nightly();
            assertThat(pbx.authorizations()).as("this one skipped the round the other ran").hasSize(asked);

            expireNightlyLock(); // as if that minute had passed
            scheduledSync.nightly();
            assertThat(pbx.authorizations().size()).as("the lock, not anything else, held it back").isGreaterThan(asked);
        } finally {
            expireNightlyLock();
        }
    }

    /** Expired, not deleted: ShedLock remembers which lock rows exist and then only updates them. */
    void expireNightlyLock() {
        jdbc.update("update shedlock set lock_until = locked_at where name = 'nightly-sync'");
    }
}
