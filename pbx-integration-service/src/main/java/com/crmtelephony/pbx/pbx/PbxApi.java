package com.crmtelephony.pbx.pbx;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.crmtelephony.pbxcontract.PbxCall;

/**
 * The PBX's HTTP API as it is on the wire: the HTTP service group {@code pbx}, whose base URL
 * ({@code spring.http.serviceclient.pbx.base-url}) is a service id through Eureka or a real PBX's URL.
 * A null tenant sends no Tenant-UUID header (a single-tenant PBX then answers for its one tenant).
 */
@HttpExchange
interface PbxApi {

    @GetExchange("/get_cdr")
    ResponseEntity<JsonNode> getCdr(@RequestHeader(name = PbxCall.TENANT_HEADER, required = false) UUID tenant);

    @GetExchange("/trigger_webhooks")
    ResponseEntity<JsonNode> triggerWebhooks(@RequestHeader(name = PbxCall.TENANT_HEADER) UUID tenant);

    @GetExchange("/cdrs")
    ResponseEntity<JsonNode> cdrs(@RequestHeader(name = PbxCall.TENANT_HEADER) UUID tenant, @RequestParam("since") long since,
                                  @RequestParam("limit") int limit);

    @GetExchange("/tenants")
    List<UUID> tenants();

    @PostExchange("/webhooks")
    void subscribe(@RequestBody Map<String, String> subscription);
}
