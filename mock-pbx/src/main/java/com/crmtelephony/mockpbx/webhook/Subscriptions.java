package com.crmtelephony.mockpbx.webhook;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** Webhook receivers, one per URL: subscribing the same URL again replaces its secret. */
@Component
public class Subscriptions {

    /**
     * A receiver; {@code secret} null means its webhooks go unsigned; {@code subscribed} how often
     * its URL was subscribed (renewals: a test sees every adapter instance renew the one URL).
     */
    public record Subscription(String id, String url, String secret, int subscribed) {
    }

    private final Map<String, Subscription> byUrl = new ConcurrentHashMap<>();

    public Subscription subscribe(String url, String secret) {
        return byUrl.compute(url, (u, old) -> new Subscription(old == null ? UUID.randomUUID().toString() : old.id(), u,
                secret == null || secret.isBlank() ? null : secret, old == null ? 1 : old.subscribed() + 1));
    }

    public boolean unsubscribe(String id) {
        return byUrl.values().removeIf(s -> s.id().equals(id));
    }

    public List<Subscription> all() {
        return List.copyOf(byUrl.values());
    }
}
