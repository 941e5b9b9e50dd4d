package com.crmtelephony.support.webhook;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    final WebhookSignature signer = new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    final Instant now = Instant.ofEpochSecond(1_614_265_330);
    final String body = "{\"test\": 2432232314}";

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // The example of the Standard Webhooks specification.
        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void acceptsItsOwnSignatureAmongOthers() {
        String signature = signer.sign("id-1", now.getEpochSecond(), body);
        assertThat(signer.verify("id-1", Long.toString(now.getEpochSecond()), signature, body, now, TOLERANCE)).isNull();
        assertThat(signer.verify("id-1", Long.toString(now.getEpochSecond()), "v1,b2xk " + signature, body, now, TOLERANCE))
                .as("rotated keys send several").isNull();
    }

    @Test
    void refusesTamperedBodiesIdsTimestampsAndOtherKeys() {
        long ts = now.getEpochSecond();
        String signature = signer.sign("id-1", ts, body);
        assertThat(signer.verify("id-1", Long.toString(ts), signature, body + " ", now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(signer.verify("id-2", Long.toString(ts), signature, body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(signer.verify("id-1", Long.toString(ts - 1), signature, body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(new WebhookSignature("another secret").verify("id-1", Long.toString(ts), signature, body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(signer.verify("id-1", Long.toString(ts), "v1,not base64!", body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(signer.verify("id-1", Long.toString(ts), "v2," + signature.substring(3), body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
    }

    @Test
    void refusesStaleFutureAndMissingParts() {
        long old = now.minus(Duration.ofMinutes(6)).getEpochSecond();
        assertThat(signer.verify("id-1", Long.toString(old), signer.sign("id-1", old, body), body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.STALE);
        long future = now.plus(Duration.ofMinutes(6)).getEpochSecond();
        assertThat(signer.verify("id-1", Long.toString(future), signer.sign("id-1", future, body), body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.STALE);
        assertThat(signer.verify("id-1", "yesterday", "v1,x", body, now, TOLERANCE))
                .isEqualTo(WebhookSignature.Failure.BAD_TIMESTAMP);
        assertThat(signer.verify(null, "1", "v1,x", body, now, TOLERANCE)).isEqualTo(WebhookSignature.Failure.MISSING_HEADERS);
    }

    @Test
    void eachTenantHasAKeyOfItsOwn() {
        java.util.UUID a = java.util.UUID.fromString("11111111-1111-4111-8111-111111111111");
        java.util.UUID b = java.util.UUID.fromString("22222222-2222-4222-8222-222222222222");
        long ts = now.getEpochSecond();
        String forA = WebhookSignature.forTenant("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", a).sign("id-1", ts, body);
        assertThat(WebhookSignature.forTenant("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", a)
                .verify("id-1", Long.toString(ts), forA, body, now, TOLERANCE)).isNull();
        assertThat(WebhookSignature.forTenant("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", b)
                .verify("id-1", Long.toString(ts), forA, body, now, TOLERANCE)).isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
        assertThat(new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .verify("id-1", Long.toString(ts), forA, body, now, TOLERANCE))
                .as("the shared secret itself is not a tenant's key").isEqualTo(WebhookSignature.Failure.BAD_SIGNATURE);
    }
}
