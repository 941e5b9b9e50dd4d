package com.crmtelephony.mockpbx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tenants              the PBX's tenants; the first answers requests that name none (as the original mock)
 * @param seed                 the same seed generates the same calls and directories
 * @param initialCalls         calls each tenant has at start
 * @param callsPerPull         calls appended to a tenant after each {@code /get_cdr} (compat: 5)
 * @param directorySize        contacts in each tenant's directory
 * @param firstCallAt          start time of the first generated call; later ones follow minutes apart
 * @param lostFinalWebhookRate share of played calls whose final webhook is never sent (compat: about 4%)
 * @param eventInterval        time between the webhooks of one played call
 * @param webhookUrl           a target that always gets unsigned webhooks (the original mock's setting); optional
 * @param retry                redelivery of webhooks the receiver did not accept
 * @param mode                 {@code modern} (this project's PBX) or {@code original}: the PBX as the
 *                             replaced system's mock was ({@link Mode#ORIGINAL})
 */
@ConfigurationProperties("crm.mock-pbx")
public record MockPbxProperties(
        @DefaultValue({"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                "33333333-3333-4333-8333-333333333333"}) List<UUID> tenants,
        @DefaultValue("42") long seed,
        @DefaultValue("20") int initialCalls,
        @DefaultValue("5") int callsPerPull,
        @DefaultValue("40") int directorySize,
        @DefaultValue("2024-05-01T08:00:00Z") Instant firstCallAt,
        @DefaultValue("0.04") double lostFinalWebhookRate,
        @DefaultValue("500ms") Duration eventInterval,
        String webhookUrl,
        @DefaultValue Retry retry,
        @DefaultValue("modern") Mode mode) {

    /**
     * {@code ORIGINAL}: one random tenant per start (the configured ones are not used), {@code
     * caller_name: ""}, durations with fractions of a second, webhooks unsigned to
     * {@code webhookUrl} only and never retried, and 404 for {@code /cdrs}, {@code /webhooks} and
     * {@code /tenants}, which the original PBX did not have.
     */
    public enum Mode { MODERN, ORIGINAL }

    public boolean original() {
        return mode == Mode.ORIGINAL;
    }

    /**
     * @param maxAttempts    deliveries tried per webhook, the first included
     * @param initialBackoff wait before the second attempt; each further wait is {@code multiplier} times longer
     * @param timeout        how long one attempt waits for the receiver
     */
    public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
                        @DefaultValue("2.0") double multiplier, @DefaultValue("2s") Duration timeout) {
    }
}
