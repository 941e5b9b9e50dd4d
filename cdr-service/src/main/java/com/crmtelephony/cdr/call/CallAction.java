package com.crmtelephony.cdr.call;

/** A call's events in the order they happen; the SQL function call_action_rank mirrors it. */
public enum CallAction {
    ORIGINATE, RING, ANSWERED, HANGUP
}
