package com.crmtelephony.pbx.pbx;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.remote.Resilient;
import com.crmtelephony.pbxcontract.PbxCall;

/**
 * The PBX's HTTP API. Works with PBXes that know only the original API ({@code /get_cdr},
 * {@code /trigger_webhooks}) and with those that also page ({@code /cdrs}) and take webhook
 * subscriptions.
 */
@Component
public class PbxClient {

    private final RestClient http;
    private final Resilient resilient;

    PbxClient(PbxIntegrationProperties properties, RestClient.Builder plain, @LoadBalanced RestClient.Builder balanced,
              Resilience4JCircuitBreakerFactory breakers) {
        String url = properties.pbxUrl();
        this.http = url.startsWith("lb://")
                ? balanced.clone().baseUrl("http://" + url.substring("lb://".length())).build()
                : plain.clone().baseUrl(url).build();
        this.resilient = new Resilient("pbx", breakers, properties.timeout());
    }

    /** The original API's answer as the PBX gave it: body and Tenant-UUID header. */
    public ResponseEntity<JsonNode> getCdr(UUID tenant) {
        return resilient.call(() -> get("/get_cdr", tenant));
    }

    public ResponseEntity<JsonNode> triggerWebhooks(UUID tenant) {
        return resilient.call(() -> get("/trigger_webhooks", tenant));
    }

    /**
     * One page of calls changed after {@code since}; from a PBX without {@code /cdrs}, all of
     * its calls at once, with no cursor.
     */
    public CallPage calls(UUID tenant, long since, int limit) {
        return resilient.call(() -> {
            try {
                JsonNode page = get("/cdrs?since=" + since + "&limit=" + limit, tenant).getBody();
                return new CallPage(page.get("total").asLong(), page.get("next").asLong(), page.get("data"));
            } catch (HttpClientErrorException.NotFound | HttpClientErrorException.MethodNotAllowed unsupported) {
                // The original PBX: /get_cdr is all there is. (An unknown tenant is a 404 there too.)
                JsonNode all = get("/get_cdr", tenant).getBody();
                return new CallPage(all.get("total").asLong(), null, all.get("data"));
            }
        });
    }

    /** The PBX's tenants; a single-tenant PBX names its one tenant in the Tenant-UUID of /get_cdr. */
    public List<UUID> tenants() {
        return resilient.call(() -> {
            try {
                return http.get().uri("/tenants").retrieve().body(new ParameterizedTypeReference<List<UUID>>() { });
            } catch (HttpClientErrorException.NotFound | HttpClientErrorException.MethodNotAllowed unsupported) {
                String tenant = get("/get_cdr", null).getHeaders().getFirst(PbxCall.TENANT_HEADER);
                return tenant == null ? List.<UUID>of() : List.of(UUID.fromString(tenant));
            }
        });
    }

    /** @return false when the PBX takes no subscriptions (the original PBX) */
    public boolean subscribe(String url, String secret) {
        return resilient.call(() -> {
            try {
                http.post().uri("/webhooks").body(Map.of("url", url, "secret", secret == null ? "" : secret))
                        .retrieve().toBodilessEntity();
                return true;
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode() == HttpStatus.NOT_FOUND || e.getStatusCode() == HttpStatus.METHOD_NOT_ALLOWED) {
                    return false;
                }
                throw e;
            }
        });
    }

    private ResponseEntity<JsonNode> get(String path, UUID tenant) {
        return http.get().uri(path)
                .headers(h -> {
                    if (tenant != null) {
                        h.set(PbxCall.TENANT_HEADER, tenant.toString());
                    }
                })
                .retrieve().toEntity(JsonNode.class);
    }

    /** {@code next} is the cursor for the following page; null when the PBX cannot page. */
    public record CallPage(long total, Long next, JsonNode data) {
    }
}
