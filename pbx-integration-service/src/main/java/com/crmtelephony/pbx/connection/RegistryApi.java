package com.crmtelephony.pbx.connection;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/** The tenant registry's part for this service (tenant-service, through Eureka: the HTTP service group {@code tenant-service}). */
@HttpExchange("/pbx-connections")
interface RegistryApi {

    @GetExchange
    List<Connection> all();

    @PostExchange("/status")
    void status(@RequestBody Map<String, Object> reports);

    @PostExchange("/import")
    JsonNode importConfigured(@RequestBody Map<String, Object> configured);
}
