package com.crmtelephony.pbx.webhook;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.inbox.Inbox;
import com.crmtelephony.pbx.inbox.InboxEvent;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * Receives the PBX's call events. Each is checked in the order that costs an attacker most and
 * this service least: a tenant this PBX serves, then the signature with that tenant's own key
 * (so a delivery cannot be re-aimed at another tenant), then the event itself. What passes is
 * stored in the inbox before the PBX gets its 2xx, and forwarded to cdr-service from there: a
 * webhook taken is never lost, whether cdr-service is up or not. A redelivered message id is
 * acknowledged without being stored again. The body was already bounded (crm.web.limits).
 */
@Tag(name = "webhook", description = "Call events from the PBX")
@RestController
class WebhookController {

    private final PbxIntegrationProperties properties;
    private final Set<UUID> tenants;
    /** One verifier per served tenant: bounded, since only served tenants get this far. */
    private final Map<UUID, WebhookSignature> signatures = new ConcurrentHashMap<>();
    private final Inbox inbox;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookController(PbxIntegrationProperties properties, Inbox inbox, JsonMapper json, MeterRegistry meters,
                      Clock clock) {
        this.properties = properties;
        this.tenants = Set.copyOf(properties.tenants());
        this.inbox = inbox;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    @Operation(summary = "A call event from the PBX",
            description = "Standard Webhooks signature with the tenant's key required (401 if missing, bad or stale), "
                    + "unless unsigned webhooks are enabled for the original PBX. A tenant this PBX does not serve: 403. "
                    + "A malformed event: 4xx. 200 once the event is stored (accepted, or duplicate for a webhook-id "
                    + "stored before); it reaches cdr-service from there, whether cdr-service is up now or not. "
                    + "This service's database down: 503 with Retry-After, so the PBX delivers again later.")
    @SecurityRequirements // no API key: the PBX signs its webhooks instead
    @PostMapping(path = "/pbx/webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> receive(
            @Parameter(description = "the tenant of the call") @RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader,
            @RequestHeader(name = WebhookSignature.ID, required = false) String id,
            @RequestHeader(name = WebhookSignature.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = WebhookSignature.SIGNATURE, required = false) String signatures,
            @RequestBody String body) {
        UUID tenant = tenant(tenantHeader);
        if (!tenants.contains(tenant)) {
            throw refused(HttpStatus.FORBIDDEN, "This PBX does not serve tenant " + tenant);
        }
        boolean unsignedAllowed = properties.webhookUnsigned() && id == null && timestamp == null && signatures == null;
        if (!unsignedAllowed) {
            verify(tenant, id, timestamp, signatures, body);
        }
        JsonNode call = parse(body);
        InboxEvent event = unsignedAllowed ? InboxEvent.unsigned(tenant, body) : InboxEvent.signed(tenant, id, body);
        if (inbox.store(event) == Inbox.Stored.DUPLICATE) {
            meters.counter("pbx.webhooks", "outcome", "duplicate").increment();
            return Map.of("status", "duplicate", "uuid", call.get("uuid").asString());
        }
        meters.counter("pbx.webhooks", "outcome", "stored").increment();
        return Map.of("status", "accepted", "uuid", call.get("uuid").asString());
    }

    private void verify(UUID tenant, String id, String timestamp, String signatures, String body) {
        WebhookSignature signature = this.signatures.computeIfAbsent(tenant, this::signatureOf);
        if (signature == null) {
            throw refused(HttpStatus.UNAUTHORIZED, "Webhook is not signed (webhook-id, webhook-timestamp, webhook-signature)");
        }
        if (id != null && id.length() > InboxEvent.MAX_ID_LENGTH) {
            throw refused(HttpStatus.BAD_REQUEST, "webhook-id is longer than " + InboxEvent.MAX_ID_LENGTH + " characters");
        }
        WebhookSignature.Failure failure = signature.verify(id, timestamp, signatures, body, clock.instant(),
                properties.signatureTolerance());
        if (failure != null) {
            throw refused(HttpStatus.UNAUTHORIZED, switch (failure) {
                case MISSING_HEADERS -> "Webhook is not signed (webhook-id, webhook-timestamp, webhook-signature)";
                case BAD_TIMESTAMP -> "webhook-timestamp is not a number of seconds";
                case STALE -> "webhook-timestamp is more than " + properties.signatureTolerance().toSeconds()
                        + " s from now: stale or replayed";
                case BAD_SIGNATURE -> "webhook-signature does not match";
            });
        }
    }

    /** The tenant's configured secret, else its key derived from the shared secret; null: no secret at all. */
    private WebhookSignature signatureOf(UUID tenant) {
        String own = properties.tenantSecrets().get(tenant);
        if (own != null && !own.isBlank()) {
            return new WebhookSignature(own);
        }
        return properties.signed() ? WebhookSignature.forTenant(properties.webhookSecret(), tenant) : null;
    }

    private ErrorResponseException refused(HttpStatus status, String detail) {
        meters.counter("pbx.webhooks", "outcome", "refused").increment();
        return problem(status, detail);
    }

    private static UUID tenant(String header) {
        if (header == null || header.isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "Tenant-UUID header is required");
        }
        try {
            return UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Tenant-UUID must be a UUID");
        }
    }

    private JsonNode parse(String body) {
        JsonNode call;
        try {
            call = json.readTree(body);
        } catch (JacksonException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Malformed JSON webhook body");
        }
        if (call == null || !call.isObject() || call.get("uuid") == null || !call.get("uuid").isString()) {
            throw problem(HttpStatus.BAD_REQUEST, "A webhook body is a call object with a uuid");
        }
        // No store holds a NUL: refused here, as the sender's error, not passed on as cdr-service's failure.
        for (Map.Entry<String, JsonNode> field : call.properties()) {
            if (field.getValue().isString() && field.getValue().asString().indexOf('\0') >= 0) {
                throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Field '" + field.getKey() + "' contains a NUL character");
            }
        }
        return call;
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

}
