package com.crmtelephony.cdr.outbound;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedTargets  host:port pairs that may be delivered to although they are loopback or
 *                        private (a test's receiver); none by default: a tenant's URL may not reach
 *                        this network (SSRF)
 * @param maxEndpoints    endpoints per tenant
 * @param poll            how often an instance looks for deliveries due
 * @param batch           deliveries one look takes
 * @param timeout         how long an endpoint may take to answer
 * @param firstRetry      the wait after a first failure; it doubles with each failure after
 * @param maxRetry        the longest wait between two attempts
 * @param disableAfter    an endpoint failing for this long, without one success, is disabled
 * @param keepDelivered   how long the delivery log keeps what was delivered
 */
@ConfigurationProperties("crm.outbound")
public record OutboundProperties(
        @DefaultValue({}) List<String> allowedTargets,
        @DefaultValue("10") int maxEndpoints,
        @DefaultValue("500ms") Duration poll,
        @DefaultValue("50") int batch,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("5s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("24h") Duration disableAfter,
        @DefaultValue("7d") Duration keepDelivered) {
}
