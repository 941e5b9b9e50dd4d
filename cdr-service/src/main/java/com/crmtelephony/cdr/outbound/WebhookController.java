package com.crmtelephony.cdr.outbound;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.UnprocessableInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.cdr.tenant.Tenants;

@Tag(name = "webhooks", description = "The tenant's own endpoints for call events, signed (Standard Webhooks)")
@RestController
@RequestMapping("/cdr/webhooks")
class WebhookController {

    static final Set<String> EVENTS = Set.of("ringing", "answered", "ended", "missed");
    private static final SecureRandom random = new SecureRandom();

    private final OutboundRepository outbound;
    private final OutboundProperties properties;
    private final Targets targets;
    private final OutboundMeters meters;

    WebhookController(OutboundRepository outbound, OutboundProperties properties, OutboundMeters meters) {
        this.outbound = outbound;
        this.meters = meters;
        this.properties = properties;
        this.targets = new Targets(properties.allowedTargets());
    }

    /** @param secret whsec_ and the base64 of 24 to 64 random bytes; none: one is made */
    record Registration(String url, List<String> events, String secret) {
    }

    @Operation(summary = "Register an endpoint for call events",
            description = "events: any of ringing, answered, ended, missed. Each event is POSTed as {type: call.<state>, timestamp, "
                    + "data: the event as GET /cdr/events sends it}, signed with the endpoint's secret (webhook-id, "
                    + "webhook-timestamp, webhook-signature), retried with a doubling wait until a 2xx, in order per call; "
                    + "webhook-id stays the same across attempts. An endpoint failing for 24 hours is disabled. The url must be "
                    + "http(s), public and on port 80 or 443: loopback, private, link-local and every other address that is not globally "
                    + "routable, in any written form, is refused (422), as is any other port. The secret is shown here only.")
    @PostMapping
    ResponseEntity<Endpoint> register(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestBody Registration registration) {
        if (registration == null || registration.url() == null || registration.url().length() > 2048) {
            throw new InvalidInputException("url is required (at most 2048 characters)");
        }
        // A null among the events is checked before the set of names is asked about it (Set.of throws on null).
        if (registration.events() == null || registration.events().isEmpty()
                || registration.events().stream().anyMatch(java.util.Objects::isNull) || !EVENTS.containsAll(registration.events())) {
            throw new InvalidInputException("events must list some of ringing, answered, ended, missed");
        }
        String secret = registration.secret() == null ? newSecret() : checkedSecret(registration.secret());
        String refusal = targets.refusal(registration.url());
        if (refusal != null) {
            throw new UnprocessableInputException(refusal);
        }
        if (outbound.count(tenant) >= properties.maxEndpoints()) {
            throw new ConflictException("a tenant has at most " + properties.maxEndpoints() + " endpoints; delete one first");
        }
        Endpoint created = outbound.create(tenant, registration.url(), registration.events().stream().distinct().toList(), secret);
        meters.meter(tenant);
        return ResponseEntity.created(URI.create("webhooks/" + created.id())).body(created.withSecret(secret));
    }

    @Operation(summary = "The tenant's endpoints (without their secrets)")
    @GetMapping
    List<Endpoint> list(@RequestHeader(Tenants.HEADER) UUID tenant) {
        return outbound.list(tenant);
    }

    @Operation(summary = "Remove an endpoint, and what it still had to be sent")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@RequestHeader(Tenants.HEADER) UUID tenant, @PathVariable UUID id) {
        if (!outbound.delete(tenant, id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** How long the secret a rotation replaced still signs beside the new one. */
    static final java.time.Duration ROTATION_OVERLAP = java.time.Duration.ofHours(24);

    @Operation(summary = "A new secret for an endpoint", description = "Deliveries from now on are signed with it and, for 24 hours, "
            + "with the secret it replaces too (two signatures in webhook-signature, space-separated): a receiver moves to "
            + "the new one without losing a delivery. Shown here only.")
    @PostMapping("/{id}/rotate-secret")
    Endpoint rotate(@RequestHeader(Tenants.HEADER) UUID tenant, @PathVariable UUID id) {
        String secret = newSecret();
        return outbound.rotate(tenant, id, secret, ROTATION_OVERLAP).orElseThrow(() -> notFound(id)).withSecret(secret);
    }

    @Operation(summary = "Enable a disabled endpoint", description = "What waited meanwhile is delivered, in order.")
    @PostMapping("/{id}/enable")
    Endpoint enable(@RequestHeader(Tenants.HEADER) UUID tenant, @PathVariable UUID id) {
        return outbound.enable(tenant, id).orElseThrow(() -> notFound(id));
    }

    @Operation(summary = "The endpoint's delivery log, newest first: state, attempts, last answer and error")
    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@RequestHeader(Tenants.HEADER) UUID tenant, @PathVariable UUID id,
                              @Parameter(description = "1-1000, default 100") @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > 1000) {
            throw new InvalidInputException("size must be between 1 and 1000");
        }
        outbound.find(tenant, id).orElseThrow(() -> notFound(id));
        return outbound.deliveries(tenant, id, size);
    }

    static String newSecret() {
        byte[] key = new byte[24];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static String checkedSecret(String secret) {
        try {
            int bytes = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6)).length : 0;
            if (bytes >= 24 && bytes <= 64) {
                return secret;
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw new InvalidInputException("secret must be whsec_ and the base64 of 24 to 64 random bytes, or left out to have one made");
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("This tenant has no webhook endpoint " + id);
    }
}
