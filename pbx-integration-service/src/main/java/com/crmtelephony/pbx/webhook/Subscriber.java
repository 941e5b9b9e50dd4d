package com.crmtelephony.pbx.webhook;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.pbx.pbx.PbxClient;

/**
 * Keeps the PBX subscribed to this service's webhooks: at start, then at an interval (a PBX that
 * restarts forgets its subscribers). There is one subscription per PBX, whichever instance makes
 * it: every instance subscribes the same stable URL (the gateway's webhook route, or the address
 * of a balancer in front of the gateways), never its own address, so that N instances do not
 * get every webhook N times, and a renewal of the same URL is the same subscription (the PBX's
 * subscriptions are one per URL). A PBX without subscriptions is asked once only.
 */
@Component
class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final PbxClient pbx;
    private final PbxIntegrationProperties properties;
    private final String callbackUrl;
    private final AtomicBoolean unsupported = new AtomicBoolean();
    private final AtomicBoolean ready = new AtomicBoolean();

    Subscriber(PbxClient pbx, PbxIntegrationProperties properties) {
        this.pbx = pbx;
        this.properties = properties;
        this.callbackUrl = properties.callbackUrl();
        if (properties.subscribe() && (callbackUrl == null || callbackUrl.isBlank())) {
            throw new IllegalStateException("crm.pbx.callback-url (PBX_CALLBACK_URL) is not set: the one URL, the same for "
                    + "every instance, where the PBX is to post webhooks (the gateway's /pbx-integration-service/pbx/webhook)");
        }
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
