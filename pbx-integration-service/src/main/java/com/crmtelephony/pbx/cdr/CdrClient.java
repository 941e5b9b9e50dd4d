package com.crmtelephony.pbx.cdr;

import java.util.UUID;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.remote.Resilient;
import com.crmtelephony.support.caller.Callers;

/** cdr-service, found through Eureka. */
@Component
public class CdrClient {

    private final RestClient http;
    private final Resilient resilient;

    CdrClient(@LoadBalanced RestClient.Builder balanced, Resilience4JCircuitBreakerFactory breakers,
              PbxIntegrationProperties properties) {
        this.http = balanced.clone().baseUrl("http://cdr-service").build();
        this.resilient = new Resilient("cdr-service", breakers, properties.timeout());
    }

    /** Upserts one call event (the PBX's snake_case JSON, passed on unchanged); idempotent. */
    public void upsert(UUID tenant, String callJson) {
        resilient.call(() -> http.put().uri("/cdr/put").header(Callers.TENANT_HEADER, tenant.toString())
                .contentType(MediaType.APPLICATION_JSON).body(callJson).retrieve().toBodilessEntity());
    }
}
