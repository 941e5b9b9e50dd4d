package com.crmtelephony.pbx.pbx;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.remote.RemoteCalls;

/**
 * The PBX's HTTP API, under the resilience instances named {@code pbx} (config-repo). Works with
 * PBXes that know only the original API ({@code /get_cdr}, {@code /trigger_webhooks}) and with
 * those that also page ({@code /cdrs}) and take webhook subscriptions.
 */
@Component
@ImportHttpServices(group = PbxClient.PBX, types = PbxApi.class)
public class PbxClient {

    static final String PBX = "pbx";

    private final PbxApi api;
    private final RemoteCalls remote;

    PbxClient(PbxApi api, RemoteCalls remote) {
        this.api = api;
        this.remote = remote;
    }

    /** The original API's answer as the PBX gave it: body and Tenant-UUID header. */
    public ResponseEntity<JsonNode> getCdr(UUID tenant) {
        return forTenant(tenant, remote.call(PBX, () -> api.getCdr(tenant)));
    }

    public ResponseEntity<JsonNode> triggerWebhooks(UUID tenant) {
        return remote.call(PBX, () -> api.triggerWebhooks(tenant));
    }

    /**
     * One page of calls changed after {@code since}; from a PBX without {@code /cdrs}, all of
     * its calls at once, with no cursor.
     */
    public CallPage calls(UUID tenant, long since, int limit) {
        ResponseEntity<JsonNode> answer = forTenant(tenant, remote.call(PBX, () -> {
            try {
                return api.cdrs(tenant, since, limit);
            } catch (HttpClientErrorException.NotFound | HttpClientErrorException.MethodNotAllowed unsupported) {
                // The original PBX: /get_cdr is all there is. (An unknown tenant is a 404 there too.)
                return api.getCdr(tenant);
            }
        }));
        JsonNode page = answer.getBody();
        JsonNode next = page.get("next");
        JsonNode epoch = page.get("epoch");
        return new CallPage(page.get("total").asLong(), next == null || next.isNull() ? null : next.asLong(),
                epoch == null || epoch.isNull() ? null : epoch.asString(), page.get("data"));
    }

    /**
     * A PBX answers for the tenant it names in Tenant-UUID. A single-tenant PBX names its own
     * whatever it was asked: its answer is then not the asked tenant's, and nothing of it goes on
     * (409, naming both), or one tenant could read, and store, another's calls.
     */
    private static ResponseEntity<JsonNode> forTenant(UUID asked, ResponseEntity<JsonNode> answer) {
        String named = answer.getHeaders().getFirst(PbxCall.TENANT_HEADER);
        if (asked != null && named != null && !named.trim().equalsIgnoreCase(asked.toString())) {
            throw new ConflictException("The PBX answered for tenant " + named.trim() + ", not for tenant " + asked + ": nothing of its answer is passed on or stored");
        }
        return answer;
    }

    /** The PBX's tenants; a single-tenant PBX names its one tenant in the Tenant-UUID of /get_cdr. */
    public List<UUID> tenants() {
        return remote.call(PBX, () -> {
            try {
                return api.tenants();
            } catch (HttpClientErrorException.NotFound | HttpClientErrorException.MethodNotAllowed unsupported) {
                String tenant = api.getCdr(null).getHeaders().getFirst(PbxCall.TENANT_HEADER);
                return tenant == null ? List.<UUID>of() : List.of(UUID.fromString(tenant));
            }
        });
    }

    /** @return false when the PBX takes no subscriptions (the original PBX) */
    public boolean subscribe(String url, String secret) {
        return remote.call(PBX, () -> {
            try {
                api.subscribe(Map.of("url", url, "secret", secret == null ? "" : secret));
                return true;
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode() == HttpStatus.NOT_FOUND || e.getStatusCode() == HttpStatus.METHOD_NOT_ALLOWED) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * {@code next} is the cursor for the following page; null when the PBX cannot page.
     * {@code epoch}: the PBX's name for its feed's numbering, which a restarted PBX changes
     * (null when it names none): a cursor of another epoch means nothing.
     */
    public record CallPage(long total, Long next, String epoch, JsonNode data) {
    }
}
