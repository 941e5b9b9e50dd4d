package com.crmtelephony.support.token;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import com.crmtelephony.support.web.ServletProblems;

/**
 * Every business service is an OAuth2 resource server: a request without a valid token from a
 * signer it trusts is 401, a valid token outside what its signer may call is 403, whatever
 * address it came from. Open without a token: health (probes), API docs, and the paths a
 * service names in {@code crm.tokens.open-paths} because they authenticate otherwise. The rest of
 * the actuator wants the management credential (ManagementCredentialsFilter, before this chain).
 * Stateless: no session, no CSRF token (no cookie is ever honoured), no saved request.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(BearerTokenAuthenticationFilter.class)
@ConditionalOnProperty(name = "crm.security.basic-credentials", havingValue = "false", matchIfMissing = true)
@EnableConfigurationProperties(TokenProperties.class)
@EnableWebSecurity
public class TokenSecurityAutoConfiguration {

    private static final String[] ALWAYS_OPEN = {"/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/v2/api-docs",
            "/v2/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    @ConditionalOnMissingBean
    TrustedIssuers trustedIssuers(TokenProperties properties) {
        return new TrustedIssuers(properties, Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain bearerTokens(HttpSecurity http, TrustedIssuers issuers, TokenProperties properties) throws Exception {
        TokenAuthentication tokens = new TokenAuthentication(issuers, Clock.systemUTC(), properties.clockSkew());
        return http
                .authorizeHttpRequests(requests -> requests
                        // The request's own dispatch was checked; its error page and async end are not asked again.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(ALWAYS_OPEN).permitAll()
                        .requestMatchers(properties.openPaths().toArray(String[]::new)).permitAll()
                        .anyRequest().access(new SignersEndpoints(issuers)))
                .oauth2ResourceServer(resource -> resource
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint(TokenSecurityAutoConfiguration::unauthenticated)
                        .accessDeniedHandler((request, response, denied) -> ServletProblems.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "This token may not call " + request.getMethod() + " "
                                        + request.getRequestURI(), request.getRequestURI())))
                .addFilterAfter(new TokenCallerFilter(), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                // The gateway sets the security headers of every answer; here Spring Security's
                // would add no-store to answers whose ETag callers are meant to cache on.
                .headers(headers -> headers.disable())
                .build();
    }

    /** What Spring Security's firewall refuses (beyond what CanonicalPathFilter already did): problem+json too. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> ServletProblems.write(response, HttpServletResponse.SC_BAD_REQUEST,
                "The request was refused: " + rejected.getMessage(), null);
    }

    private static void unauthenticated(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        ServletProblems.write(response, HttpServletResponse.SC_UNAUTHORIZED, presented
                ? "The bearer token is not valid here: " + failure.getMessage()
                : "A bearer token is required: requests reach this service through the API gateway", request.getRequestURI());
    }

    /** A valid token calls only what its signer may: anything for the gateway's, listed endpoints for a service's. */
    private record SignersEndpoints(TrustedIssuers issuers) implements AuthorizationManager<RequestAuthorizationContext> {

        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                             RequestAuthorizationContext context) {
            // The issuer as the string it is (a service's name): Jwt.getIssuer() would want a URL.
            return new AuthorizationDecision(authentication.get() instanceof JwtAuthenticationToken token
                    && issuers.mayCall(token.getToken().getClaimAsString(JwtClaimNames.ISS), context.getRequest()));
        }
    }
}
