package com.crmtelephony.cdr.sync;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a sync did (compat keys first). {@code rejected}: calls the PBX sent that break the
 * rules and were not stored. A sync of all tenants has no {@code tenant} and lists each; a
 * tenant whose sync failed is listed with its {@code error} (what it had stored before stays).
 */
@JsonPropertyOrder({"fetched", "inserted", "updated", "tenant", "unchanged", "rejected", "error", "tenants"})
public record SyncSummary(int fetched, int inserted, int updated, UUID tenant, int unchanged, int rejected,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<SyncSummary> tenants) {

    static SyncSummary failed(UUID tenant, String error) {
        return new SyncSummary(0, 0, 0, tenant, 0, 0, error, null);
    }

    static SyncSummary ofAll(List<SyncSummary> each) {
        return new SyncSummary(each.stream().mapToInt(SyncSummary::fetched).sum(),
                each.stream().mapToInt(SyncSummary::inserted).sum(), each.stream().mapToInt(SyncSummary::updated).sum(),
                null, each.stream().mapToInt(SyncSummary::unchanged).sum(),
                each.stream().mapToInt(SyncSummary::rejected).sum(), null, each);
    }
}
