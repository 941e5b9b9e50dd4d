package com.crmtelephony.pbx.webhook;

import java.time.Clock;
import java.util.Map;
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
import com.crmtelephony.pbx.connection.Connection;
import com.crmtelephony.pbx.connection.Connections;
import com.crmtelephony.pbx.inbox.Inbox;
import com.crmtelephony.pbx.inbox.InboxEvent;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * Receives the PBXes' call events. Each is checked in the order that costs an attacker most and
 * this service least: a tenant with a PBX connection, not suspended, then the signature with that
 * connection's own secret (an original PBX's tenant alone may send unsigned)
 * (so a delivery cannot be re-aimed at another tenant), then the event itself. What passes is
 * stored in the inbox before the PBX gets its 2xx, and forwarded to cdr-service from there: a
 * webhook taken is never lost, whether cdr-service is up or not. A redelivered message id is
 * acknowledged without being stored again. The body was already bounded (crm.web.limits).
 */
@Tag(name = "webhook", description = "Call events from the PBX")
@RestController
class WebhookController {

    private final PbxIntegrationProperties properties;
    private final Connections connections;
    /** One verifier per secret in use: bounded, since only connected tenants get this far. */
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();
    private final Inbox inbox;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookController(PbxIntegrationProperties properties, Connections connections, Inbox inbox, JsonMapper json,
                      MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.connections = connections;
        this.inbox = inbox;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    @Operation(summary = "A call event from the PBX",
            description = "Standard Webhooks signature with the secret of the tenant's PBX connection required (401 if "
                    + "missing, bad or stale); unsigned only for a tenant whose connection is of the original kind. A tenant "
                    + "with no PBX connection, or suspended: 403. "
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
        Connection connection = connections.of(tenant)
                .orElseThrow(() -> refused(HttpStatus.FORBIDDEN, "No PBX connection serves tenant " + tenant));
        if (connection.suspended()) {
            throw refused(HttpStatus.FORBIDDEN, "Tenant " + tenant + " is suspended: its webhooks are refused");
        }
        // Only the original PBX's own tenant may send unsigned: a signed connection's webhooks are never taken unsigned.
        boolean unsignedAllowed = connection.original() && id == null && timestamp == null && signatures == null;
        if (!unsignedAllowed) {
            verify(connection, id, timestamp, signatures, body);
        }
        JsonNode call = parse(body);
        InboxEvent event = unsignedAllowed ? InboxEvent.unsigned(tenant, body) : InboxEvent.signed(tenant, id, body);
        if (inbox.store(event) == Inbox.Stored.DUPLICATE) {
            meters.counter("pbx.webhooks", "outcome", "duplicate").increment();
            return Map.of("status", "duplicate", "uuid", call.get("uuid").asString());
        }
        meters.counter("pbx.webhooks", "outcome", "stored").increment();
        connections.webhookTaken(tenant);
        return Map.of("status", "accepted", "uuid", call.get("uuid").asString());
    }

    private void verify(Connection connection, String id, String timestamp, String signatures, String body) {
        if (connection.webhookSecret() == null) {
            throw refused(HttpStatus.UNAUTHORIZED, "Webhook is not signed (webhook-id, webhook-timestamp, webhook-signature)");
        }
        WebhookSignature signature = this.signatures.computeIfAbsent(connection.webhookSecret(), WebhookSignature::new);
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
