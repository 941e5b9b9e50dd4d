package com.crmtelephony.support.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import com.crmtelephony.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trust of one service, without a service: which tokens pass, and for which endpoints. */
class TrustedIssuersTests {

    private static TrustedIssuers trusting(String... gatewayKeys) {
        return trust(Map.of(
                "api-gateway", new TokenProperties.Issuer(List.of(gatewayKeys), List.of("/**"), List.of("POST /phone_book/erasures")),
                "pbx-integration-service", new TokenProperties.Issuer(List.of(TestTokens.publicKey(TestTokens.PBX)),
                        List.of("PUT /cdr/put"), null)));
    }

    private static TrustedIssuers trust(Map<String, TokenProperties.Issuer> issuers) {
        return new TrustedIssuers(new TokenProperties("cdr-service", issuers, null, null, null,
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(30)), Clock.systemUTC());
    }

    private static Authentication check(TrustedIssuers issuers, String issuer, String token) {
        return issuers.authenticationFor(issuer).authenticate(new BearerTokenAuthenticationToken(token));
    }

    @Test
    void aKeyRotatesWithBothTrustedAtOnceThenTheOldOneDropped() {
        String old = TestTokens.tenant(UUID.randomUUID()).key(TestTokens.GATEWAY).signed();
        String next = TestTokens.tenant(UUID.randomUUID()).key(TestTokens.GATEWAY_NEXT).signed();
        TrustedIssuers during = trusting(TestTokens.publicKey(TestTokens.GATEWAY), TestTokens.publicKey(TestTokens.GATEWAY_NEXT));
        assertThat(check(during, "api-gateway", old).isAuthenticated()).isTrue();
        assertThat(check(during, "api-gateway", next).isAuthenticated()).isTrue();

        TrustedIssuers after = trusting(TestTokens.publicKey(TestTokens.GATEWAY_NEXT));
        assertThat(check(after, "api-gateway", next).isAuthenticated()).isTrue();
        assertThatThrownBy(() -> check(after, "api-gateway", old)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aSignerNotListedHasNoOneToCheckItsTokens() {
        assertThat(trusting(TestTokens.publicKey(TestTokens.GATEWAY)).authenticationFor("cdr-service")).isNull();
    }

    @Test
    void aServicesTokenCallsOnlyTheEndpointsListedForIt() {
        TrustedIssuers issuers = trusting(TestTokens.publicKey(TestTokens.GATEWAY));
        assertThat(issuers.mayCall("pbx-integration-service", new MockHttpServletRequest("PUT", "/cdr/put"))).isTrue();
        assertThat(issuers.mayCall("pbx-integration-service", new MockHttpServletRequest("GET", "/cdr/put"))).isFalse();
        assertThat(issuers.mayCall("pbx-integration-service", new MockHttpServletRequest("PUT", "/cdr/put/x"))).isFalse();
        assertThat(issuers.mayCall("pbx-integration-service", new MockHttpServletRequest("GET", "/cdr/reports"))).isFalse();
        assertThat(issuers.mayCall("api-gateway", new MockHttpServletRequest("GET", "/cdr/reports"))).isTrue();
        assertThat(issuers.mayCall(null, new MockHttpServletRequest("GET", "/cdr/get"))).isFalse();
    }

    /** A service-to-service endpoint is no gateway token's, although /** takes it (issue 37). */
    @Test
    void anEndpointExceptedIsRefusedToAnIssuerWhoseEndpointsTakeIt() {
        TrustedIssuers issuers = trusting(TestTokens.publicKey(TestTokens.GATEWAY));
        assertThat(issuers.mayCall("api-gateway", new MockHttpServletRequest("POST", "/phone_book/erasures"))).isFalse();
        assertThat(issuers.mayCall("api-gateway", new MockHttpServletRequest("POST", "/phone_book/records"))).isTrue();
        assertThat(issuers.mayCall("api-gateway", new MockHttpServletRequest("GET", "/phone_book/erasures"))).isTrue();
    }

    @Test
    void aServiceWithoutTrustOrWithAnUnsetKeyDoesNotStart() {
        assertThatThrownBy(() -> trust(Map.of())).hasMessageContaining("crm.tokens.trusted");
        assertThatThrownBy(() -> trusting("${GATEWAY_TOKEN_PUBLIC_KEYS}"))
                .hasMessageContaining("crm.tokens.trusted.api-gateway.public-keys[0]").hasMessageContaining("GATEWAY_TOKEN_PUBLIC_KEYS");
        assertThatThrownBy(() -> trust(Map.of("api-gateway",
                new TokenProperties.Issuer(List.of(TestTokens.publicKey(TestTokens.GATEWAY)), List.of(), null))))
                .hasMessageContaining("endpoints");
    }
}
