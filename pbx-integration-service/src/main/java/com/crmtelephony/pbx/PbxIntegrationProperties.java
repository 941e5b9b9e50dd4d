package com.crmtelephony.pbx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookSecret       Standard Webhooks secret shared with the PBX; each tenant's webhooks are
 *                            signed with a key derived from it for that tenant
 * @param tenantSecrets       a tenant's own secret, where its PBX is configured per tenant (instead of derived)
 * @param webhookUnsigned     accept unsigned webhooks (the original PBX cannot sign), for {@code tenants} only
 * @param tenants             the tenants this PBX serves; webhooks for any other tenant are refused
 * @param signatureTolerance  how far a webhook's timestamp may be from now
 * @param callbackUrl         where the PBX should send webhooks: one stable URL for all instances (required when subscribing)
 * @param subscribe           whether to subscribe to the PBX's webhooks (PBXes without subscriptions are detected)
 * @param resubscribeInterval how often the subscription is renewed (a restarted PBX forgets it)
 */
@ConfigurationProperties("crm.pbx")
public record PbxIntegrationProperties(
        String webhookSecret,
        Map<UUID, String> tenantSecrets,
        @DefaultValue("false") boolean webhookUnsigned,
        List<UUID> tenants,
        @DefaultValue("5m") Duration signatureTolerance,
        String callbackUrl,
        @DefaultValue("true") boolean subscribe,
        @DefaultValue("15s") Duration resubscribeInterval) {

    /**
     * Secrets fail closed: a configured PBX (its tenants named) without a secret, and without an
     * explicit opt-in to unsigned webhooks, stops the start. None configured: every PBX is a
     * connection of the tenant registry.
     */
    public PbxIntegrationProperties {
        tenantSecrets = tenantSecrets == null ? Map.of() : Map.copyOf(tenantSecrets);
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        if (!tenants.isEmpty() && !webhookUnsigned && (webhookSecret == null || webhookSecret.isBlank())) {
            throw new IllegalStateException("No webhook secret for the configured PBX's tenants: set PBX_WEBHOOK_SECRET "
                    + "(crm.pbx.webhook-secret), or PBX_WEBHOOK_UNSIGNED=true for a PBX that cannot sign its webhooks");
        }
        // The parameter, not signed(): in a compact constructor the fields are not assigned yet.
        if (webhookSecret != null && !webhookSecret.isBlank()) {
            checkStrength("PBX_WEBHOOK_SECRET (crm.pbx.webhook-secret)", webhookSecret);
        }
        tenantSecrets.forEach((tenant, secret) -> checkStrength("crm.pbx.tenant-secrets." + tenant, secret));
    }

    static void checkStrength(String name, String secret) {
        String weakness = com.crmtelephony.support.webhook.WebhookSignature.weakness(secret);
        if (weakness != null) {
            throw new IllegalStateException(name + " " + weakness);
        }
    }

    public boolean signed() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }
}
