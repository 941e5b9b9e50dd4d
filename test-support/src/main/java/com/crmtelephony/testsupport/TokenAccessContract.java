package com.crmtelephony.testsupport;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static com.crmtelephony.testsupport.TestTokens.bearer;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What every business service does with tokens, whoever reaches its port: only a valid token of
 * a signer it trusts is let in (401 problem+json otherwise), for what that signer may call (403
 * otherwise), acting for the token's tenant (403 for another). A service's test class (on its
 * own test base) implements this with one endpoint of each kind.
 */
public interface TokenAccessContract {

    UUID TENANT = UUID.randomUUID();
    UUID OTHER = UUID.randomUUID();

    /**
     * The service under test, as this contract calls it.
     *
     * @param tenantEndpoint  an endpoint a tenant token may call, answering 200 for a new tenant
     * @param trustedService  a service this one trusts for some endpoints, with its key
     * @param serviceEndpoint an endpoint of that service's work (200 with its token for {@link #TENANT})
     */
    record Service(MockMvc mvc, Supplier<MockHttpServletRequestBuilder> tenantEndpoint, String trustedService,
                   KeyPair trustedServiceKey, Supplier<MockHttpServletRequestBuilder> serviceEndpoint) {
    }

    Service service();

    private ResultActions atTenantEndpoint(UnaryOperator<MockHttpServletRequestBuilder> request) throws Exception {
        return service().mvc().perform(request.apply(service().tenantEndpoint().get()));
    }

    private ResultActions call(String token) throws Exception {
        return atTenantEndpoint(r -> r.with(bearer(token)));
    }

    private void refused(String token) throws Exception {
        call(token).andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    @Test
    default void headersAloneAre401() throws Exception {
        atTenantEndpoint(r -> r.header("tenant-uuid", TENANT.toString()).header("X-Crm-Role", "admin"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        atTenantEndpoint(r -> r.header("Authorization", "Basic YWRtaW46YWRtaW4="))
                .andExpect(status().isUnauthorized());
        atTenantEndpoint(r -> r.header("Authorization", "Bearer not-a-token"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    default void aTokenSignedByAKeyNoOneTrustsIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).key(TestTokens.ATTACKER).signed());
    }

    @Test
    default void aTokenAlteredAfterSigningIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).tamperedTo(OTHER));
    }

    @Test
    default void anUnsignedTokenIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).unsigned());
    }

    @Test
    default void anExpiredTokenIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).expires(Instant.now().minus(Duration.ofMinutes(2))).signed());
    }

    @Test
    default void aTokenLivingLongerThanAnySignerGivesIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).expires(Instant.now().plus(Duration.ofHours(1))).signed());
    }

    @Test
    default void aTokenForAnotherServiceIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).audience("some-other-service").signed());
    }

    @Test
    default void aTokenOfAnIssuerNotTrustedOrSignedWithAnotherIssuersKeyIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).issuer("https://issuer.example").signed());
        // The gateway's key does not sign for a service, nor a service's key for the gateway.
        refused(TestTokens.service(service().trustedService(), TestTokens.GATEWAY).signed());
        refused(TestTokens.tenant(TENANT).key(service().trustedServiceKey()).signed());
    }

    @Test
    default void aTokenWithARoleNoServiceKnowsIs401() throws Exception {
        refused(TestTokens.tenant(TENANT).role("superuser").signed());
        refused(TestTokens.admin().role("tenant").signed());
    }

    @Test
    default void aValidTokenOfEitherGatewayKeyIs200() throws Exception {
        call(TestTokens.tenant(TENANT).signed()).andExpect(status().isOk());
        // During a rotation both keys are trusted.
        call(TestTokens.tenant(TENANT).key(TestTokens.GATEWAY_NEXT).signed()).andExpect(status().isOk());
    }

    @Test
    default void aTenantTokenNamingAnotherTenantIs403() throws Exception {
        atTenantEndpoint(r -> r.with(TestTokens.tenant(TENANT)).header("tenant-uuid", OTHER.toString()))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        atTenantEndpoint(r -> r.with(TestTokens.tenant(TENANT)).header("tenant-uuid", TENANT.toString().toUpperCase()))
                .andExpect(status().isOk());
    }

    @Test
    default void aServicesOwnTokenCallsOnlyWhatItsWorkNeeds() throws Exception {
        String token = TestTokens.service(service().trustedService(), service().trustedServiceKey()).signed();
        service().mvc().perform(service().serviceEndpoint().get().with(bearer(token))).andExpect(status().isOk());
        atTenantEndpoint(r -> r.with(bearer(token)).header("tenant-uuid", TENANT.toString()))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", "application/problem+json"));
    }
}
