package com.crmtelephony.cdr.call;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crmtelephony.cdr.CdrServiceTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Upserts are idempotent on (tenant, uuid) and never move a call backwards. */
class CallUpsertTests extends CdrServiceTest {

    @Test
    void aReplayedBatchChangesNothing() throws Exception {
        UUID tenant = newTenant();
        String batch = "[" + call("a1", "RING", "2024-01-01T10:00:00Z") + "," + call("a2", "HANGUP", "2024-01-01T11:00:00Z") + "]";
        postCalls(tenant, batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(2)).andExpect(jsonPath("$.inserted").value(2))
                .andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.unchanged").value(0));
        Object updatedAt = jdbc.queryForObject("select max(updated_at) from call_record where tenant_id = ?", Object.class, tenant);

        postCalls(tenant, batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(0)).andExpect(jsonPath("$.updated").value(0))
                .andExpect(jsonPath("$.unchanged").value(2));
        assertThat(storedCalls(tenant)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select max(updated_at) from call_record where tenant_id = ?", Object.class, tenant))
                .as("a replay does not even touch the rows").isEqualTo(updatedAt);
    }

    @Test
    void aLateEarlierEventNeverMovesACallBackwardsButFillsItsGaps() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, """
                [{"uuid":"c1","action":"HANGUP","call_start":"2024-01-01T10:00:00Z","answer_start":"2024-01-01T10:00:05Z",
                  "call_end":"2024-01-01T10:01:00Z","duration":60}]""").andExpect(status().isOk());
        // The RING webhook arrives last, with a ring time the HANGUP did not carry and a
        // different (earlier) view of the end.
        postCalls(tenant, """
                [{"uuid":"c1","action":"RING","ring_start":"2024-01-01T10:00:01Z","call_start":"2024-01-01T09:59:59Z",
                  "call_end":null}]""").andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(1));

        getCalls(tenant).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("HANGUP"))
                .andExpect(jsonPath("$[0].callStart").value("2024-01-01T10:00:00.000Z"))
                .andExpect(jsonPath("$[0].ringStart").value("2024-01-01T10:00:01.000Z"))
                .andExpect(jsonPath("$[0].answerStart").value("2024-01-01T10:00:05.000Z"))
                .andExpect(jsonPath("$[0].callEnd").value("2024-01-01T10:01:00.000Z"))
                .andExpect(jsonPath("$[0].duration").value(60));
    }

    @Test
    void aLaterEventAdvancesTheCallAndNullsNeverWipeKnownValues() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, """
                [{"uuid":"c2","action":"RING","caller_name":"Alice","call_start":"2024-01-01T10:00:00Z","ring_start":"2024-01-01T10:00:01Z"}]""")
                .andExpect(status().isOk());
        postCalls(tenant, """
                [{"uuid":"c2","action":"ANSWERED","caller_name":null,"answer_start":"2024-01-01T10:00:04Z"}]""")
                .andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(1));

        getCalls(tenant).andExpect(jsonPath("$[0].action").value("ANSWERED"))
                .andExpect(jsonPath("$[0].callerName").value("Alice"))
                .andExpect(jsonPath("$[0].ringStart").value("2024-01-01T10:00:01.000Z"))
                .andExpect(jsonPath("$[0].answerStart").value("2024-01-01T10:00:04.000Z"));
    }

    @Test
    void repeatsOfOneCallInABatchApplyInOrderWhateverTheirOrder() throws Exception {
        UUID inOrder = newTenant();
        UUID reversed = newTenant();
        String originate = "{\"uuid\":\"c3\",\"action\":\"ORIGINATE\",\"call_start\":\"2024-01-01T10:00:00Z\"}";
        String ring = "{\"uuid\":\"c3\",\"action\":\"RING\",\"ring_start\":\"2024-01-01T10:00:02Z\"}";
        String hangup = "{\"uuid\":\"c3\",\"action\":\"HANGUP\",\"call_end\":\"2024-01-01T10:00:30Z\"}";
        postCalls(inOrder, "[" + originate + "," + ring + "," + hangup + "]").andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(1)).andExpect(jsonPath("$.updated").value(2));
        postCalls(reversed, "[" + hangup + "," + ring + "," + originate + "]").andExpect(status().isOk());

        for (UUID tenant : new UUID[] {inOrder, reversed}) {
            assertThat(storedCalls(tenant)).isEqualTo(1);
            getCalls(tenant).andExpect(jsonPath("$[0].action").value("HANGUP"))
                    .andExpect(jsonPath("$[0].callStart").value("2024-01-01T10:00:00.000Z"))
                    .andExpect(jsonPath("$[0].ringStart").value("2024-01-01T10:00:02.000Z"))
                    .andExpect(jsonPath("$[0].callEnd").value("2024-01-01T10:00:30.000Z"));
        }
    }

    @Test
    void numbersKeepTheirDigitsAndLeaveInTheFormTheyCameIn() throws Exception {
        UUID tenant = newTenant();
        postCalls(tenant, """
                [{"uuid":"n1","callerNumber":35799123456,"destinationNumber":"0035722000111","callStart":"2024-01-01T10:00:00Z"},
                 {"uuid":"n2","callerNumber":"+35799123456","destinationNumber":"007","callStart":"2024-01-01T09:00:00Z"}]""")
                .andExpect(status().isOk());
        getCalls(tenant)
                .andExpect(jsonPath("$[0].callerNumber").value(35799123456L))
                .andExpect(jsonPath("$[0].destinationNumber").value("0035722000111"))
                .andExpect(jsonPath("$[1].callerNumber").value("+35799123456"))
                .andExpect(jsonPath("$[1].destinationNumber").value("007"));
    }

    @Test
    void aLargeBatchIsStoredInOneGo() throws Exception {
        UUID tenant = newTenant();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            batch.append(i == 0 ? "" : ",").append(call("bulk-" + i, "HANGUP", "2024-01-01T10:00:00Z"));
        }
        postCalls(tenant, batch.append("]").toString()).andExpect(status().isOk())
                .andExpect(jsonPath("$.inserted").value(1000));
        assertThat(storedCalls(tenant)).isEqualTo(1000);
    }
}
