package com.crmtelephony.cdr.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where the PBX and the stored calls disagree, per UTC day of the calls' start.
 *
 * @param pbxComplete       false when the PBX had more calls than one report reads (crm.reconciliation.max-pbx-calls):
 *                          the PBX's figures then count only what was read
 * @param unmatchedAvailable false when the phone book could not be asked: unmatched figures are then null
 */
record Reconciliation(UUID tenant, Instant from, Instant to, int stuckAfterMinutes, boolean pbxComplete,
                      boolean unmatchedAvailable, List<Day> days) {

    /**
     * @param pbxCalls       calls the PBX has that started that day
     * @param storedCalls    calls stored that started that day
     * @param missingCalls   calls the PBX has that are not stored (missingSample: up to 20 of their ids)
     * @param extraCalls     stored calls of that day the PBX does not list
     * @param stuckCalls     stored calls still on a non-final event (not HANGUP) after stuckAfterMinutes;
     *                       the stuck-call job pulls their tenant's calls again
     * @param unmatchedCalls stored calls whose other party is in no contact of the phone book
     */
    record Day(LocalDate day, long pbxCalls, long storedCalls, long missingCalls,
               @Schema(description = "up to 20 ids of missing calls") List<String> missingSample,
               long extraCalls, long stuckCalls, @Schema(nullable = true) Long unmatchedCalls) {
    }
}
