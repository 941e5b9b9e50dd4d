package com.crmtelephony.cdr.reconciliation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param stuckAfter  a call on a non-final event (ORIGINATE, RING, ANSWERED, no end) this long is stuck
 * @param interval    how often one instance pulls the calls of tenants with stuck calls again
 * @param stuckWindow only calls last written within this window are pulled again
 * @param maxPulls    how often one stuck call makes its tenant's calls be pulled again, at most
 * @param maxPbxCalls the most PBX calls one report reads; past it the report says it is incomplete
 * @param cache       how long a tenant's report is answered again without reading the PBX
 */
@ConfigurationProperties("crm.reconciliation")
record ReconciliationProperties(
        @DefaultValue("15m") Duration stuckAfter,
        @DefaultValue("5m") Duration interval,
        @DefaultValue("24h") Duration stuckWindow,
        @DefaultValue("3") int maxPulls,
        @DefaultValue("100000") int maxPbxCalls,
        @DefaultValue("5s") Duration cache) {
}
