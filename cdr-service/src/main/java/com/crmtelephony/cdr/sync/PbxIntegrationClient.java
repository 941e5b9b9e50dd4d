package com.crmtelephony.cdr.sync;

import java.util.List;
import java.util.UUID;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import com.crmtelephony.cdr.call.CallRequest;
import com.crmtelephony.cdr.tenant.Tenants;

/** pbx-integration-service, found through Eureka. */
@FeignClient(name = "pbx-integration-service", path = "/pbx")
interface PbxIntegrationClient {

    /** {@code next}: cursor of the following page; null when the PBX cannot page (data is then all calls). */
    record CallPage(long total, Long next, List<CallRequest> data) {
    }

    @GetMapping("/calls")
    CallPage calls(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestParam("since") long since,
                   @RequestParam("limit") int limit);

    @GetMapping("/tenants")
    List<UUID> tenants();
}
