package com.crmtelephony.mockpbx.webhook;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.UnprocessableInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.mockpbx.MockPbxProperties;
import com.crmtelephony.mockpbx.call.PbxTenants;
import com.crmtelephony.pbxcontract.PbxCall;

@Tag(name = "webhooks", description = "Live calls played as webhooks, and their receivers")
@RestController
class WebhookController {

    /** @param tenant the PBX account's tenant, for its calls only (an extension); none: every tenant's */
    record SubscriptionRequest(String url, String secret, String tenant) {
    }

    /** A receiver as listed: its secret is never shown. */
    record SubscriptionView(String id, String url, boolean signed, int subscribed, UUID tenant) {
        static SubscriptionView of(Subscriptions.Subscription s) {
            return new SubscriptionView(s.id(), s.url(), s.secret() != null, s.subscribed(), s.tenant());
        }
    }

    private final PbxTenants tenants;
    private final CallPlayer player;
    private final Subscriptions subscriptions;
    private final MockPbxProperties properties;

    WebhookController(PbxTenants tenants, CallPlayer player, Subscriptions subscriptions, MockPbxProperties properties) {
        this.tenants = tenants;
        this.player = player;
        this.subscriptions = subscriptions;
        this.properties = properties;
    }

    /** The original PBX took no subscriptions: it posted to the one URL it was configured with. */
    private void subscriptionsExist() {
        if (properties.original()) {
            throw PbxTenants.notOnTheOriginalPbx();
        }
    }

    @Operation(summary = "Play one call as webhooks (compat)",
            description = "Answers at once; the call's uuid is in the X-Call-UUID header. outcome (an extension) "
                    + "fixes how the call ends instead of drawing it.")
    @GetMapping("/trigger_webhooks")
    ResponseEntity<Map<String, String>> trigger(
            @RequestHeader(name = PbxCall.TENANT_HEADER, required = false) String tenantHeader,
            @Parameter(description = "RANDOM (default), ANSWERED, MISSED, LOST_FINAL (the hang-up's webhook is lost) or "
                    + "DROPPED (an answered call whose webhooks are all lost: only the PBX's records have it)")
            @RequestParam(defaultValue = "RANDOM") CallPlayer.Outcome outcome) {
        PbxTenants.PbxTenant tenant = tenants.resolve(tenantHeader);
        CallPlayer.Script script = player.play(tenant, outcome);
        return ResponseEntity.ok().header(PbxCall.TENANT_HEADER, tenant.id().toString())
                .header("X-Call-UUID", script.steps().get(0).uuid())
                .body(Map.of("status", "firing webhooks"));
    }

    @Operation(summary = "Subscribe a receiver; with a secret its webhooks are signed (Standard Webhooks)",
            description = "With a tenant (an extension): that tenant's calls only, signed with the secret itself; without: "
                    + "every tenant's, each signed with the tenant's key derived from the secret.")
    @PostMapping("/webhooks")
    ResponseEntity<SubscriptionView> subscribe(@RequestBody SubscriptionRequest request) {
        subscriptionsExist();
        if (request.url() == null || !request.url().matches("https?://[^\\s]+")) {
            throw new UnprocessableInputException("url must be an http(s) URL");
        }
        UUID tenant = null;
        if (request.tenant() != null && !request.tenant().isBlank()) {
            tenant = tenants.resolve(request.tenant()).id();
        }
        Subscriptions.Subscription s = subscriptions.subscribe(request.url(), request.secret(), tenant);
        return ResponseEntity.created(URI.create("/webhooks/" + s.id())).body(SubscriptionView.of(s));
    }

    @GetMapping("/webhooks")
    List<SubscriptionView> list() {
        subscriptionsExist();
        return subscriptions.all().stream().map(SubscriptionView::of).toList();
    }

    @DeleteMapping("/webhooks/{id}")
    ResponseEntity<Void> unsubscribe(@PathVariable String id) {
        subscriptionsExist();
        if (!subscriptions.unsubscribe(id)) {
            throw new NotFoundException("No subscription " + id);
        }
        return ResponseEntity.noContent().build();
    }
}
