package com.crmtelephony.pbx.webhook;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.connection.Connection;
import com.crmtelephony.pbx.connection.Connections;
import com.crmtelephony.pbx.pbx.PbxClient;

/**
 * Keeps each signed PBX connection subscribed to this service's webhooks: at start, then at an
 * interval (a PBX that restarts forgets its subscribers). Each connection subscribes for its
 * tenant with its own secret. There is one subscription per connection, whichever instance makes
 * it: every instance subscribes the same stable URL (the gateway's webhook route, or the address
 * of a balancer in front of the gateways), never its own address, so that N instances do not
 * get every webhook N times, and a renewal of the same URL is the same subscription. Until the
 * tenant registry has answered, the configured PBX is subscribed once for all its tenants, with
 * the shared secret, as before the registry. A PBX without subscriptions is asked once only.
 */
@Component
class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final PbxClient pbx;
    private final Connections connections;
    private final PbxIntegrationProperties properties;
    private final String callbackUrl;
    /** PBX URLs that answered they take no subscriptions. */
    private final Set<String> unsupported = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ready = new AtomicBoolean();

    Subscriber(PbxClient pbx, Connections connections, PbxIntegrationProperties properties) {
        this.pbx = pbx;
        this.connections = connections;
        this.properties = properties;
        this.callbackUrl = properties.callbackUrl();
        if (properties.subscribe() && (callbackUrl == null || callbackUrl.isBlank())) {
            throw new IllegalStateException("crm.pbx.callback-url (PBX_CALLBACK_URL) is not set: the one URL, the same for "
                    + "every instance, where the PBX is to post webhooks (the gateway's /pbx-integration-service/pbx/webhook)");
        }
    }

    /** After the connections were read (Connections' own listener comes first). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    void started() {
        ready.set(true);
        renew();
    }

    @Scheduled(fixedDelayString = "${crm.pbx.resubscribe-interval:15s}", initialDelayString = "${crm.pbx.resubscribe-interval:15s}")
    void renew() {
        if (!properties.subscribe() || !ready.get()) {
            return;
        }
        if (connections.fromRegistry()) {
            for (Connection connection : connections.all()) {
                if (!connection.suspended() && !connection.original()) {
                    subscribe(connection, connection.tenant(), connection.webhookSecret());
                }
            }
        } else if (properties.signed() && !properties.tenants().isEmpty()) {
            connections.all().stream().findFirst()
                    .ifPresent(configured -> subscribe(configured, null, properties.webhookSecret()));
        }
    }

    private void subscribe(Connection connection, java.util.UUID tenant, String secret) {
        if (unsupported.contains(connection.baseUrl())) {
            return;
        }
        try {
            if (pbx.subscribe(connection, tenant, callbackUrl, secret)) {
                connections.subscription(connection.tenant(), true);
                log.debug("Subscribed {} to the webhooks of {} (tenant {})", callbackUrl, connection.baseUrl(),
                        tenant == null ? "every one" : tenant);
            } else {
                unsupported.add(connection.baseUrl());
                connections.subscription(connection.tenant(), false);
                log.info("The PBX at {} takes no webhook subscriptions; it must be configured to post to {}",
                        connection.baseUrl(), callbackUrl);
            }
        } catch (RuntimeException e) {
            connections.failed(connection.tenant(), "Subscribing to its webhooks: " + e.getMessage());
            log.warn("Could not subscribe to the webhooks of {} yet: {}", connection.baseUrl(), e.getMessage());
        }
    }
}
