package com.crmtelephony.support.token;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The token a call to another service of the suite carries. On a caller's behalf (a request
 * that came with a token naming that service too in its audience) the caller's token goes on, so
 * the called service sees the caller's tenant and role, not more. Otherwise, in background work
 * or on a path that had no token (the PBX's webhook), this service's own token, which its
 * receiver trusts only for the endpoints that work needs. The security context travels with a
 * call onto RemoteCalls' threads (context propagation).
 */
public class ServiceTokens {

    private final TokenSigner signer;

    public ServiceTokens(TokenSigner signer) {
        this.signer = signer;
    }

    /** @param service the called service's name, its audience */
    public String tokenFor(String service) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken caller) {
            Jwt token = caller.getToken();
            if (token.getAudience() != null && token.getAudience().contains(service)) {
                return token.getTokenValue();
            }
        }
        return signer.token(signer.issuer(), null, TokenClaims.ADMIN_ROLE, List.of(service));
    }

    /**
     * Runs {@code work} as this service, whoever the request is for: its calls carry this
     * service's own token, not the caller's (a service-to-service endpoint, such as an erasure's
     * part in another service, trusts no caller's token, however admin).
     */
    public static <T> T asThisService(java.util.function.Supplier<T> work) {
        org.springframework.security.core.context.SecurityContext caller = SecurityContextHolder.getContext();
        SecurityContextHolder.clearContext();
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(caller);
        }
    }

    /** For one HTTP service group, named after the service it calls. */
    public ClientHttpRequestInterceptor interceptor(String service) {
        return new Interceptor(service);
    }

    private final class Interceptor implements ClientHttpRequestInterceptor {

        private final String service;

        Interceptor(String service) {
            this.service = service;
        }

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
                throws IOException {
            request.getHeaders().setBearerAuth(tokenFor(service));
            return execution.execute(request, body);
        }
    }
}
