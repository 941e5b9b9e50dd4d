package com.crmtelephony.mockpbx.call;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.crmtelephony.pbxcontract.PbxCall;

/**
 * A call as the original PBX wrote it: {@code caller_name: ""} where it knew no name (always),
 * and the duration in seconds with a fraction (the same fraction for a call at every step, so a
 * replay compares equal).
 */
public final class OriginalForm {

    private OriginalForm() {
    }

    public static PbxCall of(PbxCall call) {
        Number duration = call.duration() == null ? null : BigDecimal.valueOf(call.duration().longValue())
                .add(BigDecimal.valueOf(Math.floorMod(call.uuid().hashCode(), 1000), 3)).setScale(3, RoundingMode.UNNECESSARY);
        return new PbxCall(call.uuid(), call.domainName(), "", call.callerNumber(), call.destinationNumber(), call.direction(),
                call.callStart(), call.ringStart(), call.answerStart(), call.callEnd(), duration, call.recording(),
                call.clickToCall(), call.clickToCallData(), call.action());
    }
}
