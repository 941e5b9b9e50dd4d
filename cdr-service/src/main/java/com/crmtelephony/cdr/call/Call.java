package com.crmtelephony.cdr.call;

import java.time.Instant;

/** A validated, normalised call as stored. */
public record Call(
        String uuid,
        String domainName,
        String callerName,
        PhoneNumber callerNumber,
        PhoneNumber destinationNumber,
        Direction direction,
        Instant callStart,
        Instant ringStart,
        Instant answerStart,
        Instant callEnd,
        Integer duration,
        String recording,
        Boolean clickToCall,
        String clickToCallData,
        CallAction action) {

    public Call withCallerName(String name) {
        return new Call(uuid, domainName, name, callerNumber, destinationNumber, direction, callStart, ringStart,
                answerStart, callEnd, duration, recording, clickToCall, clickToCallData, action);
    }
}
