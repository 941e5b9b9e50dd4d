package com.crmtelephony.support.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import com.crmtelephony.testsupport.MutableClock;
import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAuthenticationTests {

    private static TokenAuthentication at(Clock clock) {
        TrustedIssuers issuers = new TrustedIssuers(new TokenProperties("cdr-service", Map.of("api-gateway",
                new TokenProperties.Issuer(List.of(TestTokens.publicKey(TestTokens.GATEWAY)), List.of("/**"), null)),
                null, null, null, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(30)), clock);
        return new TokenAuthentication(issuers, clock, Duration.ofSeconds(30));
    }

    @Test
    void aTokenIsCheckedOnceAndRefusedOnceItHasExpired() {
        MutableClock clock = new MutableClock(Instant.now());
        String token = TestTokens.tenant(UUID.randomUUID()).expires(clock.instant().plusSeconds(60)).signed();
        TokenAuthentication tokens = at(clock);
        assertThat(tokens.authenticate(new BearerTokenAuthenticationToken(token)))
                .isSameAs(tokens.authenticate(new BearerTokenAuthenticationToken(token)));
        assertThat(tokens.remembered()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(85));
        assertThat(tokens.authenticate(new BearerTokenAuthenticationToken(token)).isAuthenticated())
                .as("within the clock skew").isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> tokens.authenticate(new BearerTokenAuthenticationToken(token)))
                .isInstanceOf(AuthenticationException.class);
        assertThat(tokens.remembered()).isZero();
    }

    @Test
    void whatFailsIsNotRemembered() {
        TokenAuthentication tokens = at(Clock.systemUTC());
        String forged = TestTokens.tenant(UUID.randomUUID()).key(TestTokens.ATTACKER).signed();
        for (String token : List.of(forged, "not-a-jwt", TestTokens.tenant(UUID.randomUUID()).issuer("someone").signed())) {
            assertThatThrownBy(() -> tokens.authenticate(new BearerTokenAuthenticationToken(token)))
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThat(tokens.remembered()).isZero();
    }
}
