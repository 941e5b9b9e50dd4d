package com.crmtelephony.pbx;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pbxUrl              the PBX: {@code lb://<service-id>} through Eureka, or a plain http(s) URL
 * @param webhookSecret       Standard Webhooks secret; when empty, unsigned webhooks are accepted (original PBX)
 * @param signatureTolerance  how far a webhook's timestamp may be from now
 * @param callbackUrl         where the PBX should send webhooks; null: this instance's /pbx/webhook
 * @param subscribe           whether to subscribe to the PBX's webhooks (PBXes without subscriptions are detected)
 * @param resubscribeInterval how often the subscription is renewed (a restarted PBX forgets it)
 * @param timeout             longest wait for one answer of the PBX or of cdr-service
 */
@ConfigurationProperties("crm.pbx")
public record PbxIntegrationProperties(
        @DefaultValue("lb://mock-pbx") String pbxUrl,
        String webhookSecret,
        @DefaultValue("5m") Duration signatureTolerance,
        String callbackUrl,
        @DefaultValue("true") boolean subscribe,
        @DefaultValue("15s") Duration resubscribeInterval,
        @DefaultValue("10s") Duration timeout) {

    public boolean signed() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }
}
