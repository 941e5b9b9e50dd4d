package com.crmtelephony.cdr.call;

import java.util.UUID;

/** A call was stored without a caller name; its number, as stored, may find one in the phone book. */
public record UnnamedCallStored(UUID tenant, String callerNumber) {
}
