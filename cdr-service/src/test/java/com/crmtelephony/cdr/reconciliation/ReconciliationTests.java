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
        assertThat(totals(tenant)).containsEntry("storedCalls", 5L).containsEntry("missingCalls", 0L)
                .containsEntry("stuckCalls", 0L).containsEntry("extraCalls", 1L);
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
}
