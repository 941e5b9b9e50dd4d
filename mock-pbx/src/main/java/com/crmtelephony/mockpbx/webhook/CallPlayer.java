package com.crmtelephony.mockpbx.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.crmtelephony.mockpbx.MockPbxProperties;
import com.crmtelephony.mockpbx.call.CallGenerator;
import com.crmtelephony.mockpbx.call.PbxTenants.PbxTenant;
import com.crmtelephony.pbxcontract.PbxCall;

/**
 * Plays one live call as the PBX would: ORIGINATE, RING, then ANSWERED and HANGUP, or HANGUP
 * unanswered, one webhook per step. Some calls lose their final webhook; the PBX's own record
 * (and so {@code /get_cdr}) still ends in the final state.
 */
@Component
public class CallPlayer implements DisposableBean {

    /**
     * How a played call ends; RANDOM draws it as the PBX does (half answered, some final webhooks
     * lost). DROPPED: answered, and none of its webhooks is sent (a gap on purpose, for the
     * reconciliation report); the PBX's own records have it all the same.
     */
    public enum Outcome { RANDOM, ANSWERED, MISSED, LOST_FINAL, DROPPED }

    private final WebhookSender sender;
    private final MockPbxProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    CallPlayer(WebhookSender sender, MockPbxProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /** The states the call goes through, and whether the last one's webhook is lost. */
    public record Script(List<PbxCall> steps, boolean finalWebhookLost) {
    }

    /** Starts playing a call and returns its script at once; webhooks follow at the configured pace. */
    public Script play(PbxTenant tenant, Outcome outcome) {
        Script script = script(tenant.generator(), outcome, Instant.now(), properties.lostFinalWebhookRate());
        long interval = properties.eventInterval().toMillis();
        List<PbxCall> steps = script.steps();
        for (int i = 0; i < steps.size(); i++) {
            PbxCall step = steps.get(i);
            boolean send = outcome != Outcome.DROPPED && !(script.finalWebhookLost() && i == steps.size() - 1);
            scheduler.schedule(() -> {
                tenant.calls().put(step);
                if (send) {
                    sender.send(tenant.id(), step);
                }
            }, i * interval, TimeUnit.MILLISECONDS);
        }
        return script;
    }

    /** The steps of one call starting at {@code start}, drawn from the tenant's generator. */
    static Script script(CallGenerator generator, Outcome outcome, Instant start, double lostRate) {
        CallGenerator.Outline drawn = generator.outline(generator.nextDouble() < 0.5);
        // A PBX never reuses a call's id; the seeded one would repeat after a restart and so
        // update an old call instead of starting a new one.
        CallGenerator.Outline o = new CallGenerator.Outline(UUID.randomUUID().toString(), drawn.caller(),
                drawn.destination(), drawn.direction(), drawn.answered(), drawn.clickToCall());
        boolean answered = switch (outcome) {
            case RANDOM -> o.answered();
            case ANSWERED, DROPPED -> true;
            case MISSED, LOST_FINAL -> false;
        };
        boolean lost = outcome == Outcome.LOST_FINAL || (outcome == Outcome.RANDOM && generator.nextDouble() < lostRate);
        Instant ring = start.plusMillis(300);
        Instant answer = answered ? ring.plusSeconds(4) : null;
        Instant end = answered ? answer.plusSeconds(30) : ring.plusSeconds(15);
        int duration = (int) (end.getEpochSecond() - start.getEpochSecond());
        String domain = generator.domain();
        String recording = answered ? "rec-" + o.uuid() : null;
        List<PbxCall> steps = new ArrayList<>();
        steps.add(new PbxCall(o.uuid(), domain, null, o.caller(), o.destination(), o.direction(), start, null, null, null,
                null, null, o.clickToCall(), null, "ORIGINATE"));
        steps.add(new PbxCall(o.uuid(), domain, null, o.caller(), o.destination(), o.direction(), start, ring, null, null,
                null, null, o.clickToCall(), null, "RING"));
        if (answered) {
            steps.add(new PbxCall(o.uuid(), domain, null, o.caller(), o.destination(), o.direction(), start, ring, answer,
                    null, null, recording, o.clickToCall(), null, "ANSWERED"));
        }
        steps.add(new PbxCall(o.uuid(), domain, null, o.caller(), o.destination(), o.direction(), start, ring, answer, end,
                duration, recording, o.clickToCall(), null, "HANGUP"));
        return new Script(List.copyOf(steps), lost);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
