package com.crmtelephony.pbx.cdr;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.crmtelephony.support.caller.Callers;

/** cdr-service, found through Eureka: the HTTP service group {@code cdr-service}. */
@HttpExchange("/cdr")
interface CdrApi {

    @PostExchange(url = "/post", contentType = MediaType.APPLICATION_JSON_VALUE)
    void upsertAll(@RequestHeader(Callers.TENANT_HEADER) UUID tenant, @RequestBody String callsJson);
}
