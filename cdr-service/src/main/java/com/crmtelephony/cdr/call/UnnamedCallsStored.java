package com.crmtelephony.cdr.call;

import java.util.Set;
import java.util.UUID;

/** Calls were stored without a caller name; their numbers, as stored, may find one in the phone book. */
public record UnnamedCallsStored(UUID tenant, Set<String> callerNumbers) {
}
