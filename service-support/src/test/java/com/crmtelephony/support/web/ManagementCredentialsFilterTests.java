package com.crmtelephony.support.web;

import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the management credential guards, and what a request without it gets. */
class ManagementCredentialsFilterTests {

    private final ManagementCredentialsFilter filter = new ManagementCredentialsFilter("management", "s3cret");

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/actuator/refresh, none, 401",
            "/actuator/env, management:guessed, 401",
            "/actuator, none, 401",
            "/actuator/prometheus, other:s3cret, 401",
            "/actuator/prometheus, management:s3cret, 200",
            "/actuator/health, none, 200",
            "/actuator/health/readiness, none, 200",
            "/cdr/get, none, 200",
            "/actuatorx, none, 200"})
    void onlyTheActuatorBeyondHealthWantsTheCredential(String path, String credentials, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (credentials != null) {
            request.addHeader("Authorization", basic(credentials));
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(chain.getRequest() != null).as("passed on").isEqualTo(status == 200);
        if (status == 401) {
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic");
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "management:s3cret, management",
            "management:guessed, none",
            "none, none"})
    void healthAnswersEveryoneAndIsTheOperatorsOnlyWithTheCredential(String credentials, String principal) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        if (credentials != null) {
            request.addHeader("Authorization", basic(credentials));
        }
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        java.security.Principal seen = ((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getUserPrincipal();
        assertThat(seen == null ? null : seen.getName()).isEqualTo(principal);
    }
}
