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
 * @param poll            how often an instance looks for deliveries due (retries falling due); at once when
 *                        a sender is free and when call events are stored (CallEventsAnnounced)
 * @param senders         deliveries in flight at once on an instance, shared round robin across tenants
 * @param endpointConcurrency deliveries in flight at once to one endpoint, from one instance
 * @param timeout         the deadline of a whole delivery: connecting, sending, and the answer's status
 * @param firstRetry      the wait after a first failure; it doubles with each failure after
 * @param maxRetry        the longest wait between two attempts
 * @param disableAfter    an endpoint failing for this long, without one success, is disabled
 * @param keepDelivered   how long the delivery log keeps what was delivered
 * @param lease           how long a delivery an instance took is its own: renewed every third of it
 *                        while the delivery is in flight, with the instance's row; an instance that
 *                        stops renewing (a pod replaced, a crash) loses its deliveries to the others
 *                        after at most this long
 */
@ConfigurationProperties("crm.outbound")
public record OutboundProperties(
        @DefaultValue({}) List<String> allowedTargets,
        @DefaultValue("10") int maxEndpoints,
        @DefaultValue("2s") Duration poll,
        @DefaultValue("8") int senders,
        @DefaultValue("2") int endpointConcurrency,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("5s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("24h") Duration disableAfter,
        @DefaultValue("7d") Duration keepDelivered,
        @DefaultValue("15s") Duration lease) {
}
