package com.crmtelephony.support.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crmtelephony.testsupport.MutableClock;
import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSignerTests {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static TokenSigner signer(Instant now) {
        return new TokenSigner("api-gateway", TestTokens.privateKey(TestTokens.GATEWAY), "the key",
                Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenSaysWhoForWhomAndUntilWhen() {
        String token = signer(NOW).token("demo-tenant-1", "11111111-1111-4111-8111-111111111111", "tenant",
                List.of("cdr-service", "phonebook-service"));
        Map<String, Object> claims = TestTokens.verifiedClaims("Bearer " + token, TestTokens.GATEWAY);
        assertThat(claims).containsEntry("iss", "api-gateway").containsEntry("sub", "demo-tenant-1")
                .containsEntry("role", "tenant").containsEntry("tenant", "11111111-1111-4111-8111-111111111111")
                .containsEntry("aud", List.of("cdr-service", "phonebook-service"))
                .containsEntry("iat", Date.from(NOW)).containsEntry("exp", Date.from(NOW.plus(Duration.ofMinutes(5))));
        assertThat(signer(NOW).token("demo-admin", null, "admin", List.of("cdr-service")))
                .satisfies(admin -> assertThat(TestTokens.verifiedClaims("Bearer " + admin, TestTokens.GATEWAY))
                        .doesNotContainKey("tenant"));
    }

    @Test
    void oneSignaturePerSubjectAndAudienceUntilHalfItsLifeIsGone() {
        MutableClock clock = new MutableClock(NOW);
        TokenSigner signer = new TokenSigner("api-gateway", TestTokens.privateKey(TestTokens.GATEWAY), "the key",
                Duration.ofMinutes(5), clock);
        String first = signer.token("k", "t", "tenant", List.of("cdr-service"));
        assertThat(signer.token("k", "t", "tenant", List.of("cdr-service"))).isEqualTo(first);
        assertThat(signer.token("k", "t", "tenant", List.of("phonebook-service"))).isNotEqualTo(first);
        assertThat(signer.token("other", "t", "tenant", List.of("cdr-service"))).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(149));
        assertThat(signer.token("k", "t", "tenant", List.of("cdr-service"))).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signer.token("k", "t", "tenant", List.of("cdr-service"))).isNotEqualTo(first);
    }

    @Test
    void withoutItsKeyOrItsNameNoSignerStarts() {
        assertThatThrownBy(() -> new TokenSigner("cdr-service", "${CDR_TOKEN_SIGNING_KEY}", "crm.tokens.signing-key",
                Duration.ofMinutes(5), Clock.systemUTC()))
                .hasMessageContaining("crm.tokens.signing-key").hasMessageContaining("CDR_TOKEN_SIGNING_KEY");
        assertThatThrownBy(() -> new TokenSigner("cdr-service", "bm90IGEga2V5", "crm.tokens.signing-key",
                Duration.ofMinutes(5), Clock.systemUTC())).hasMessageContaining("not an RSA private key");
        assertThatThrownBy(() -> new TokenSigner(null, TestTokens.privateKey(TestTokens.CDR), "crm.tokens.signing-key",
                Duration.ofMinutes(5), Clock.systemUTC())).hasMessageContaining("spring.application.name");
    }
}
