package com.crmtelephony.pbx.webhook;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.pbx.PbxClient;

/**
 * Keeps this service subscribed to the PBX's webhooks: at start, then at an interval (a PBX
 * that restarts forgets its subscribers). A PBX without subscriptions is asked once only.
 */
@Component
class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final PbxClient pbx;
    private final PbxIntegrationProperties properties;
    private final String callbackUrl;
    private final AtomicBoolean unsupported = new AtomicBoolean();
    private final AtomicBoolean ready = new AtomicBoolean();

    Subscriber(PbxClient pbx, PbxIntegrationProperties properties,
               @Value("${eureka.instance.hostname:localhost}") String host, @Value("${server.port:9901}") int port) {
        this.pbx = pbx;
        this.properties = properties;
        this.callbackUrl = properties.callbackUrl() != null && !properties.callbackUrl().isBlank()
                ? properties.callbackUrl() : "http://" + host + ":" + port + "/pbx/webhook";
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        ready.set(true);
        renew();
    }

    @Scheduled(fixedDelayString = "${crm.pbx.resubscribe-interval:15s}", initialDelayString = "${crm.pbx.resubscribe-interval:15s}")
    void renew() {
        if (!properties.subscribe() || unsupported.get() || !ready.get()) {
            return;
        }
        try {
            if (pbx.subscribe(callbackUrl, properties.webhookSecret())) {
                log.debug("Subscribed {} to the PBX's webhooks ({})", callbackUrl, properties.signed() ? "signed" : "unsigned");
            } else {
                unsupported.set(true);
                log.info("The PBX takes no webhook subscriptions; it must be configured to post to {}", callbackUrl);
            }
        } catch (RuntimeException e) {
            log.warn("Could not subscribe to the PBX's webhooks yet: {}", e.getMessage());
        }
    }
}
