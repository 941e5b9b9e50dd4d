package com.crmtelephony.mockpbx.webhook;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crmtelephony.mockpbx.call.CallGenerator;
import com.crmtelephony.mockpbx.directory.Directory;
import com.crmtelephony.pbxcontract.PbxCall;

import static org.assertj.core.api.Assertions.assertThat;

/** The call state machine of /trigger_webhooks. */
class CallScriptTests {

    final CallGenerator generator = new CallGenerator(3, new Directory(3, 10), "t.pbx.local", Instant.EPOCH);
    final Instant now = Instant.parse("2024-06-01T12:00:00Z");

    @Test
    void anAnsweredCallGoesOriginateRingAnsweredHangup() {
        CallPlayer.Script script = CallPlayer.script(generator, CallPlayer.Outcome.ANSWERED, now, 0);
        assertThat(script.steps()).extracting(PbxCall::action).containsExactly("ORIGINATE", "RING", "ANSWERED", "HANGUP");
        assertThat(script.finalWebhookLost()).isFalse();
        PbxCall last = script.steps().get(3);
        assertThat(last.answerStart()).isAfter(last.ringStart());
        assertThat(last.callEnd()).isAfter(last.answerStart());
        assertThat(last.recording()).isNotNull();
        assertThat(script.steps()).extracting(PbxCall::uuid).containsOnly(last.uuid());
        // Each step knows at least what the one before knew.
        assertThat(script.steps().get(1).callStart()).isEqualTo(now);
        assertThat(script.steps().get(2).ringStart()).isEqualTo(script.steps().get(1).ringStart());
    }

    @Test
    void anUnansweredCallGoesOriginateRingHangup() {
        CallPlayer.Script script = CallPlayer.script(generator, CallPlayer.Outcome.MISSED, now, 0);
        assertThat(script.steps()).extracting(PbxCall::action).containsExactly("ORIGINATE", "RING", "HANGUP");
        assertThat(script.steps().get(2).answerStart()).isNull();
        assertThat(script.steps().get(2).duration().longValue()).isPositive();
    }

    @Test
    void drawnCallsAreHalfAnsweredAndAboutFourPercentLoseTheirFinalWebhook() {
        int answered = 0;
        int lost = 0;
        for (int i = 0; i < 4000; i++) {
            CallPlayer.Script script = CallPlayer.script(generator, CallPlayer.Outcome.RANDOM, now, 0.04);
            List<String> actions = script.steps().stream().map(PbxCall::action).toList();
            answered += actions.contains("ANSWERED") ? 1 : 0;
            lost += script.finalWebhookLost() ? 1 : 0;
        }
        assertThat(answered).isBetween(1800, 2200);
        assertThat(lost).isBetween(100, 220);
    }

    @Test
    void aRestartedPbxStartsNewCallsNotOnesItPlayedBefore() {
        // The same seed after a restart draws the same parties, but never the same call id again.
        CallGenerator restarted = new CallGenerator(3, new Directory(3, 10), "t.pbx.local", Instant.EPOCH);
        PbxCall before = CallPlayer.script(generator, CallPlayer.Outcome.ANSWERED, now, 0).steps().get(0);
        PbxCall after = CallPlayer.script(restarted, CallPlayer.Outcome.ANSWERED, now, 0).steps().get(0);
        assertThat(after.callerNumber()).isEqualTo(before.callerNumber());
        assertThat(after.uuid()).isNotEqualTo(before.uuid());
    }
}
