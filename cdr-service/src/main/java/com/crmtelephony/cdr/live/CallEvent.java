package com.crmtelephony.cdr.live;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change of a call's state, as a stream sends it (the data of an SSE event named {@code call},
 * whose id is {@link #id}).
 *
 * @param state      ringing, answered, ended or missed
 * @param otherParty the number on the far side from the tenant (the caller of an inbound call, the
 *                   called number of an outbound one) and its contact in the phone book, if any
 * @param at         when the change was stored
 */
public record CallEvent(long id, String state, Call call, OtherParty otherParty, Instant at) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Call(String uuid, String direction, String callerNumber, String destinationNumber, String callerName,
                       Instant callStart, Instant answerStart, Instant callEnd, Integer duration) {
    }

    /** @param contact null: no contact has this number, or the phone book could not be asked */
    public record OtherParty(String number, Contact contact) {
    }

    public record Contact(String name) {
    }
}
