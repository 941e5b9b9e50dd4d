package com.crmtelephony.cdr.reconciliation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import com.crmtelephony.cdr.CdrServiceTest;
import com.crmtelephony.cdr.PbxIntegrationStub;

import static com.crmtelephony.testsupport.TestTokens.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * GET /cdr/reconciliation against a PBX with known gaps: a call it has that never arrived, one
 * stuck on its ringing because its hang-up never came, one stored that it does not list, and
 * callers without a contact; the stuck-call job pulls them again.
 */
class ReconciliationTests extends CdrServiceTest {

    static final JsonMapper json = JsonMapper.builder().build();
    final Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    ReconciliationService reconciliation;

    private Map<String, Object> pbxCall(String uuid, String caller, String action) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("uuid", uuid);
        call.put("caller_number", caller);
        call.put("destination_number", "101");
        call.put("direction", "inbound");
        call.put("call_start", start.toString());
        call.put("action", action);
        return call;
    }

    private String stored(String uuid, String caller, String action) {
        return """
                {"uuid":"%s","caller_number":"%s","destination_number":"101","direction":"inbound","call_start":"%s","action":"%s"}"""
                .formatted(uuid, caller, start, action);
    }

    /** {@code count} ended calls at the PBX that started 40 days ago, numbered from {@code numberPrefix}00. */
    private void fortyDaysOld(UUID tenant, String uuidPrefix, String numberPrefix, int count) {
        for (int i = 0; i < count; i++) {
            Map<String, Object> old = pbxCall(uuidPrefix + i, numberPrefix + String.format("%02d", i), "HANGUP");
            old.put("call_start", start.minus(40, ChronoUnit.DAYS).toString());
            pbx.calls(tenant).add(old);
        }
    }

    /** The figures summed over the days asked (a run just after midnight splits the hour's calls across two). */
    private Map<String, Long> totals(UUID tenant) throws Exception {
        JsonNode report = json.readTree(mvc.perform(get("/cdr/reconciliation").param("days", "2").with(tenant(tenant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        Map<String, Long> totals = new LinkedHashMap<>();
        for (JsonNode day : report.get("days")) {
            for (String figure : new String[] {"pbxCalls", "storedCalls", "missingCalls", "extraCalls", "stuckCalls", "unmatchedCalls"}) {
                totals.merge(figure, day.get(figure).asLong(), Long::sum);
            }
            day.get("missingSample").forEach(id -> totals.merge("missing:" + id.asString(), 1L, Long::sum));
        }
        return totals;
    }

    @Test
    void theGapsAreCountedPerDayAndTheStuckCallJobClosesThem() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        pbx.calls(tenant).add(pbxCall("rc-a", "35799800001", "HANGUP"));
        pbx.calls(tenant).add(pbxCall("rc-b", "35799800002", "HANGUP"));
        pbx.calls(tenant).add(pbxCall("rc-c", "35799800003", "HANGUP"));
        pbx.calls(tenant).add(pbxCall("rc-d", "35799800004", "HANGUP"));
        postCalls(tenant, "[" + stored("rc-a", "35799800001", "HANGUP") + "," + stored("rc-b", "35799800002", "HANGUP") + ","
                + stored("rc-d", "35799800004", "RING") + "," + stored("rc-e", "35799800005", "HANGUP") + "]")
                .andExpect(status().isOk());
        // rc-d's hang-up never came: it has been ringing for half an hour.
        jdbc.execute("do $$ begin set local session_replication_role = replica; update call_record set updated_at = "
                + "now() - interval '30 minutes' where tenant_id = '" + tenant + "' and uuid = 'rc-d'; end $$");
        phonebook.contacts().put(tenant, Map.of("35799800001", "Alice"));

        assertThat(totals(tenant)).containsEntry("pbxCalls", 4L).containsEntry("storedCalls", 4L)
                .containsEntry("missingCalls", 1L).containsEntry("missing:rc-c", 1L).containsEntry("extraCalls", 1L)
                .containsEntry("stuckCalls", 1L).containsEntry("unmatchedCalls", 3L);
        assertThat(totals(other)).containsEntry("pbxCalls", 0L).containsEntry("storedCalls", 0L);

        reconciliation.pullStuckCalls();

        assertThat(jdbc.queryForObject("select action from call_record where tenant_id = ? and uuid = 'rc-d'", String.class, tenant))
                .isEqualTo("HANGUP");
        // The re-read is targeted: rc-c, missing but not stuck, is left to the regular sync.
        assertThat(totals(tenant)).containsEntry("storedCalls", 4L).containsEntry("missingCalls", 1L)
                .containsEntry("stuckCalls", 0L).containsEntry("extraCalls", 1L);
    }

    /**
     * Issue 37: the stuck-call job reads a tenant's feed from about its stuck call's start, not
     * from the feed's beginning, and stores the stuck call only.
     */
    @Test
    void theStuckCallReadStartsNearTheCallNotAtTheFeedsBeginning() throws Exception {
        UUID tenant = newTenant();
        fortyDaysOld(tenant, "sa-old-", "357998004", 40);
        mvc.perform(post("/cdr/update_cdr").with(tenant(tenant))).andExpect(status().isOk());
        pbx.calls(tenant).add(pbxCall("sa-other", "35799800498", "HANGUP"));
        pbx.calls(tenant).add(pbxCall("sa-stuck", "35799800499", "HANGUP"));
        postCalls(tenant, "[" + stored("sa-stuck", "35799800499", "RING") + "]").andExpect(status().isOk());
        jdbc.execute("do $$ begin set local session_replication_role = replica; update call_record set updated_at = "
                + "now() - interval '30 minutes' where tenant_id = '" + tenant + "' and uuid = 'sa-stuck'; end $$");
        int before = pbx.requests();

        reconciliation.pullStuckCalls();

        assertThat(jdbc.queryForObject("select action from call_record where tenant_id = ? and uuid = 'sa-stuck'", String.class, tenant))
                .isEqualTo("HANGUP");
        assertThat(jdbc.queryForObject("select count(*) from call_record where tenant_id = ? and uuid = 'sa-other'", Long.class, tenant))
                .as("a call that was not stuck is not stored by the stuck-call job").isZero();
        // The whole feed is 21 pages of two; halving 40 down to a page is 5 probes, then the tail.
        assertThat(pbx.requests() - before).as("requests to pull one stuck call from a 42-call feed").isLessThanOrEqualTo(8);
    }

    @Test
    void aPbxThatCannotBeReadIs503AndBadDaysAre400() throws Exception {
        UUID tenant = newTenant();
        pbx.mode(PbxIntegrationStub.Mode.DOWN);
        mvc.perform(get("/cdr/reconciliation").with(tenant(tenant))).andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        pbx.mode(PbxIntegrationStub.Mode.PAGED);
        for (String days : new String[] {"0", "32", "x"}) {
            mvc.perform(get("/cdr/reconciliation").param("days", days).with(tenant(tenant))).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Autowired
    com.crmtelephony.cdr.sync.SyncService realSync;
    @Autowired
    com.crmtelephony.cdr.phonebook.NumberMatches matches;
    @Autowired
    ReconciliationRepository reconciliationRepository;
    @Autowired
    com.crmtelephony.cdr.tenant.TenantRepository tenantRepository;
    @Autowired
    com.crmtelephony.cdr.report.ReportService reportService;

    /**
     * Issue 37: parallel reconciliations of one tenant are one at a time (429 naming the share
     * for the others, Retry-After), briefly answered from memory after, while another tenant's is
     * computed meanwhile; the PBX is read once.
     */
    @Test
    void aTenantsReconciliationsAreOneAtATimeAndCachedWhileAnotherTenantsGoOn() throws Exception {
        UUID greedy = newTenant();
        UUID other = newTenant();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        com.crmtelephony.cdr.sync.SyncService sync = org.mockito.Mockito.mock(com.crmtelephony.cdr.sync.SyncService.class);
        org.mockito.Mockito.when(sync.inventory(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.anyInt(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any())).thenAnswer(call -> {
                    if (greedy.equals(call.getArgument(0))) {
                        reads.incrementAndGet();
                        reading.countDown();
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    return true;
                });
        ReconciliationService service = new ReconciliationService(reconciliationRepository, tenantRepository, reportService, sync, matches,
                new com.crmtelephony.support.shares.TenantShares(Map.of("reconciliations", 1), null),
                new ReconciliationProperties(java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofHours(24), 3, 100_000, java.time.Duration.ofSeconds(30)));
        java.util.concurrent.CompletableFuture<Reconciliation> first =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> service.report(greedy, 7));
        assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.report(greedy, 7))
                .isInstanceOfSatisfying(com.crmtelephony.support.shares.ShareExceededException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getBody().getProperties()).containsEntry("share", "reconciliations");
                    assertThat(e.getHeaders().getFirst("Retry-After")).isNotBlank();
                });
        assertThat(service.report(other, 7).days()).hasSize(7);
        release.countDown();
        Reconciliation report = first.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(service.report(greedy, 7)).as("answered from memory").isSameAs(report);
        assertThat(reads.get()).isEqualTo(1);
    }

    /** A call that never ends makes its tenant's calls be pulled again at most max-pulls times; one posted without an action is not stuck. */
    @Test
    void aCallThePbxNeverEndsIsPulledAgainAFewTimesNotForAWeek() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, "[" + stored("st-1", "35799800011", "RING") + "," + stored("st-2", "35799800012", "RING").replace(",\"action\":\"RING\"", "") + "]")
                .andExpect(status().isOk());
        jdbc.execute("do $$ begin set local session_replication_role = replica; update call_record set updated_at = "
                + "now() - interval '30 minutes' where tenant_id = '" + tenant + "'; end $$");
        int before = pbx.requests();
        for (int round = 0; round < 5; round++) {
            reconciliation.pullStuckCalls();
        }
        assertThat(jdbc.queryForObject("select pulls from stuck_pull where tenant_id = ? and uuid = 'st-1'", Integer.class, tenant))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from stuck_pull where tenant_id = ? and uuid = 'st-2'", Long.class, tenant))
                .as("no action is no stuck call").isZero();
        assertThat(pbx.requests() - before).as("three reads of a one-page feed, then none").isEqualTo(3);
    }

    /**
     * Issue 37: a PBX with more calls than one report reads is read for the report's days, not
     * its oldest: the cursor of the tenant's last sync is halved down to where the range begins.
     */
    @Test
    void aLongFeedIsReadFromTheReportsDaysNotFromItsStart() throws Exception {
        UUID tenant = newTenant();
        fortyDaysOld(tenant, "old-", "357998001", 20);
        for (int i = 0; i < 3; i++) {
            pbx.calls(tenant).add(pbxCall("recent-" + i, "3579980020" + i, "HANGUP"));
        }
        mvc.perform(post("/cdr/update_cdr").with(tenant(tenant))).andExpect(status().isOk());
        ReconciliationService sixCallsAtMost = new ReconciliationService(reconciliationRepository, tenantRepository, reportService, realSync, matches,
                new com.crmtelephony.support.shares.TenantShares(Map.of("reconciliations", 1), null),
                new ReconciliationProperties(java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofHours(24), 3, 6, java.time.Duration.ZERO));
        Reconciliation report = sixCallsAtMost.report(tenant, 2);
        assertThat(report.days().stream().mapToLong(Reconciliation.Day::pbxCalls).sum()).isEqualTo(3);
        assertThat(report.days().stream().mapToLong(Reconciliation.Day::missingCalls).sum()).isZero();
        assertThat(report.pbxComplete()).as("read to the feed's end within six calls").isTrue();
    }
}
