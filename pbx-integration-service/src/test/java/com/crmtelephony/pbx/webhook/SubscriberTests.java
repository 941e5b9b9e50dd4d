package com.crmtelephony.pbx.webhook;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.crmtelephony.pbx.PbxIntegrationTest;
import com.crmtelephony.pbx.StubServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The PBX answers subscriptions from before the service starts. */
@TestPropertySource(properties = {"crm.pbx.subscribe=true", "crm.pbx.webhook-secret=a-subscriber-test-secret-01",
        "crm.pbx.callback-url=http://pbx-integration.test/pbx/webhook", "crm.pbx.resubscribe-interval=1h"})
class SubscriberTests extends PbxIntegrationTest {

    static {
        pbx.answer("POST /webhooks", new Answer(201, Map.of("Content-Type", "application/json"), "{}"));
    }

    @Autowired
    Subscriber subscriber;

    @Test
    void subscribesAtStartWithItsCallbackAndSecretAndStopsAskingAPbxWithoutSubscriptions() {
        await().atMost(Duration.ofSeconds(5)).until(() -> pbx.requests("POST /webhooks").size() == 1);
        assertThat(pbx.requests("POST /webhooks").get(0).body())
                .contains("\"url\":\"http://pbx-integration.test/pbx/webhook\"", "\"secret\":\"a-subscriber-test-secret-01\"");

        pbx.reset(); // now the original PBX: 404
        subscriber.renew();
        subscriber.renew();
        subscriber.renew();
        assertThat(pbx.requests("POST /webhooks")).as("asked once, then never again").hasSize(1);
    }
}
