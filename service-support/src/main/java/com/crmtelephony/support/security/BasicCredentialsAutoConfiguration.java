package com.crmtelephony.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registry and the config server: every request needs HTTP Basic credentials (the one user of
 * {@code spring.security.user.*}, from env vars), but for health, which probes and compose ask
 * without any. Its clients are machines that send no CSRF token: none is asked for. Switched on by
 * {@code crm.security.basic-credentials=true} in those two servers.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnProperty(name = "crm.security.basic-credentials", havingValue = "true")
public class BasicCredentialsAutoConfiguration {

    /** Instead of Boot's in-memory user, whose password Spring Security upgrades to BCrypt at its first use. */
    @Bean
    MachineCredentials machineCredentials(@Value("${spring.security.user.name}") String name,
                                          @Value("${spring.security.user.password}") String password) {
        return new MachineCredentials(name, password);
    }

    @Bean
    SecurityFilterChain basicCredentials(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
