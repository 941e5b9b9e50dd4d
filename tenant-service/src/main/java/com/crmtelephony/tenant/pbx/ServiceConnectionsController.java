package com.crmtelephony.tenant.pbx;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.audit.AuditTrail;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.tenant.StrictBody;

/**
 * pbx-integration-service's own calls (config-repo: its token only; the gateway keeps
 * /tenant-service/pbx-connections/** internal). Not in the API documents: no client may call them.
 */
@Hidden
@RestController
@RequestMapping("/pbx-connections")
class ServiceConnectionsController {

    /** Reports at a time, at most: one per connection with news, every 5 s. */
    static final int MAX_REPORTS = 10_000;

    private final PbxConnections connections;
    private final AuditTrail audit;

    ServiceConnectionsController(PbxConnections connections, AuditTrail audit) {
        this.connections = connections;
        this.audit = audit;
    }

    @GetMapping
    List<PbxConnection> all() {
        return connections.all();
    }

    /** {@code {"reports": [{tenant, lastPullAt?, lastWebhookAt?, subscription?, lastError?, lastErrorAt?}]}} */
    @PostMapping("/status")
    Map<String, Integer> status(@RequestBody(required = false) JsonNode body) {
        StrictBody.object(body, Set.of("reports"), "status reports");
        JsonNode list = body.get("reports");
        if (list == null || !list.isArray() || list.size() > MAX_REPORTS) {
            throw new InvalidInputException("reports must be a list of at most " + MAX_REPORTS);
        }
        List<PbxConnections.Report> reports = new ArrayList<>();
        for (JsonNode r : list) {
            StrictBody.object(r, Set.of("tenant", "lastPullAt", "lastWebhookAt", "subscription", "lastError", "lastErrorAt"),
                    "a status report");
            JsonNode subscription = r.get("subscription");
            String sub = subscription == null || subscription.isNull() ? null : subscription.asString();
            if (sub != null && !sub.equals("subscribed") && !sub.equals("not supported")) {
                throw new InvalidInputException("reports[].subscription must be subscribed or not supported");
            }
            JsonNode error = r.get("lastError");
            reports.add(new PbxConnections.Report(uuid(r.get("tenant")), instant(r, "lastPullAt"), instant(r, "lastWebhookAt"), sub,
                    error == null || error.isNull() ? null : error.asString().replaceAll("\\p{Cntrl}", " "),
                    instant(r, "lastErrorAt")));
        }
        connections.report(reports);
        return Map.of("reports", reports.size());
    }

    /**
     * {@code {"baseUrl", "tenants": [...], "webhookSecret"?}}: the deployment's configured PBX
     * (PBX_URL, PBX_TENANTS, PBX_WEBHOOK_SECRET; none: the original PBX, unsigned), at the service's
     * first start. Each connection added is in the audit trail, as that service's doing.
     */
    @PostMapping("/import")
    Map<String, Object> importConfigured(@RequestBody(required = false) JsonNode body) {
        StrictBody.object(body, Set.of("baseUrl", "tenants", "webhookSecret"), "a PBX import");
        JsonNode url = body.get("baseUrl");
        String baseUrl = url == null || !url.isString() ? null : url.stringValue();
        // Configuration may name the PBX by its service id in Eureka (lb://mock-pbx), which the API does not take.
        if (baseUrl == null || !Set.of("http", "https", "lb").contains(scheme(baseUrl))) {
            throw new InvalidInputException("baseUrl must be an http(s) or lb:// URL");
        }
        JsonNode list = body.get("tenants");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 1000) {
            throw new InvalidInputException("tenants must be a list of 1 to 1000 tenant ids");
        }
        List<UUID> tenants = new ArrayList<>();
        list.forEach(t -> tenants.add(uuid(t)));
        JsonNode secret = body.get("webhookSecret");
        String shared = secret == null || secret.isNull() ? null : secret.asString();
        PbxConnections.checkStrength(shared);
        List<UUID> added = connections.importConfigured(baseUrl, tenants, shared);
        added.forEach(t -> audit.record("pbx-integration-service (configured PBX)", "POST", "/pbx-connections/import", t, 201, null));
        return Map.of("added", added, "present", tenants.size() - added.size());
    }

    private static String scheme(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static UUID uuid(JsonNode node) {
        try {
            return UUID.fromString(node != null && node.isString() ? node.stringValue() : "");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tenant must be a UUID");
        }
    }

    private static Instant instant(JsonNode report, String field) {
        JsonNode node = report.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("reports[]." + field + " must be an ISO-8601 instant");
        }
    }
}
