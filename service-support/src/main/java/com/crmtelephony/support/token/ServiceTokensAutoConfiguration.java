package com.crmtelephony.support.token;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer.ClientCallback;

/**
 * Calls to the services named in {@code crm.tokens.send-to} carry a token ({@link ServiceTokens});
 * a service that names any needs its own signing key ({@code crm.tokens.signing-key}) and does
 * not start without it. Every other HTTP service group (the PBX) is left alone.
 */
@AutoConfiguration
@ConditionalOnClass({RestClient.class, RestClientHttpServiceGroupConfigurer.class, JwtAuthenticationToken.class})
@EnableConfigurationProperties(TokenProperties.class)
public class ServiceTokensAutoConfiguration {

    @Bean
    RestClientHttpServiceGroupConfigurer tokensOnCallsToServices(TokenProperties properties,
                                                                 @Value("${spring.application.name}") String name) {
        if (properties.sendTo().isEmpty()) {
            return groups -> {
            };
        }
        ServiceTokens tokens = new ServiceTokens(new TokenSigner(name, properties.signingKey(),
                "crm.tokens.signing-key", properties.lifetime(), Clock.systemUTC()));
        return groups -> groups.filterByName(properties.sendTo().toArray(String[]::new))
                .forEachClient((ClientCallback<RestClient.Builder>) (group, builder) ->
                        builder.requestInterceptor(tokens.interceptor(group.name())));
    }
}
