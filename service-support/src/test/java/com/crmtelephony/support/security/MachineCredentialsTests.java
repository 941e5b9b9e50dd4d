package com.crmtelephony.support.security;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MachineCredentialsTests {

    final MachineCredentials credentials = new MachineCredentials("eureka", "a-high-entropy-machine-secret");

    @Test
    void theRightNameAndPasswordAuthenticateAndAnythingElseIsRefused() {
        assertThat(credentials.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka",
                "a-high-entropy-machine-secret")).isAuthenticated()).isTrue();
        String[][] wrong = {{"eureka", "a-high-entropy-machine-secreT"}, {"Eureka", "a-high-entropy-machine-secret"},
                {"eureka", ""}, {"", "a-high-entropy-machine-secret"}, {"eureka\0a", "high-entropy-machine-secret"}};
        for (String[] attempt : wrong) {
            assertThatThrownBy(() -> credentials.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(attempt[0],
                    attempt[1]))).as(attempt[0] + " / " + attempt[1]).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> credentials.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", null)))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void thereIsNoDefaultCredential() {
        assertThatThrownBy(() -> new MachineCredentials("eureka", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MachineCredentials(null, "secret")).isInstanceOf(IllegalArgumentException.class);
    }
}
