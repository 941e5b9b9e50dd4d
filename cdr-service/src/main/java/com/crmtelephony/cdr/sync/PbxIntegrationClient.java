package com.crmtelephony.cdr.sync;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import com.crmtelephony.cdr.call.CallRequest;
import com.crmtelephony.support.caller.Callers;

/**
 * pbx-integration-service, found through Eureka: the HTTP service group
 * {@code pbx-integration-service} ({@code spring.http.serviceclient.pbx-integration-service.*}).
 */
@HttpExchange("/pbx")
interface PbxIntegrationClient {

    /**
     * {@code next}: cursor of the following page; null when the PBX cannot page (data is then all
     * calls). {@code epoch}: what the cursor counts in; a restarted PBX names a new one (or none).
     */
    record CallPage(long total, Long next, String epoch, List<CallRequest> data) {
    }

    @GetExchange("/calls")
    CallPage calls(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestParam("since") long since,
                   @RequestParam("limit") int limit);

    @GetExchange("/tenants")
    List<UUID> tenants();
}
