package com.crmtelephony.mockpbx.webhook;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Webhook receivers, one per URL and tenant: subscribing the same again replaces its secret. A
 * receiver of one tenant (a PBX account's own subscription) gets that tenant's calls only, signed
 * with its secret as given; one of no tenant gets every tenant's, each signed with the tenant's key
 * derived from its secret.
 */
@Component
public class Subscriptions {

    /**
     * A receiver; {@code secret} null means its webhooks go unsigned; {@code subscribed} how often
     * its URL was subscribed (renewals: a test sees every adapter instance renew the one URL).
     */
    public record Subscription(String id, String url, String secret, int subscribed, UUID tenant) {

        public boolean wants(UUID call) {
            return tenant == null || tenant.equals(call);
        }
    }

    private final Map<String, Subscription> byUrl = new ConcurrentHashMap<>();

    public Subscription subscribe(String url, String secret, UUID tenant) {
        if (tenant != null) {
            // The receiver moved to its tenants' own subscriptions: its subscription for every tenant is over.
            byUrl.remove(url);
        }
        return byUrl.compute(tenant == null ? url : url + " " + tenant, (k, old) -> new Subscription(
                old == null ? UUID.randomUUID().toString() : old.id(), url, secret == null || secret.isBlank() ? null : secret,
                old == null ? 1 : old.subscribed() + 1, tenant));
    }

    public boolean unsubscribe(String id) {
        return byUrl.values().removeIf(s -> s.id().equals(id));
    }

    public List<Subscription> all() {
        return List.copyOf(byUrl.values());
    }
}
