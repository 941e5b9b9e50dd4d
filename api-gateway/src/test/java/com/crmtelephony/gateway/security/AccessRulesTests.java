package com.crmtelephony.gateway.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/** The suite's access table: which rule a path falls under, first match first. No gateway boots. */
class AccessRulesTests {

    private final AccessRules rules = new AccessRules(GatewaySecurityProperties.DEFAULT_ACCESS);

    @ParameterizedTest
    @CsvSource({
            "/cdr-service/cdr/get, TENANT",
            "/phonebook-service/phone_book/records, TENANT",
            "/pbx-integration-service/pbx/calls, TENANT",
            "/cdr-service/cdr/reports, ADMIN",
            "/cdr-service/CDR/Reports, ADMIN",
            "/CDR-SERVICE/cdr/reports, ADMIN",
            "/pbx-integration-service/pbx/tenants, ADMIN",
            "/pbx-integration-service/pbx/webhook, WEBHOOK",
            // An allow-list matches exactly: another spelling is guarded as what it would route to.
            "/pbx-integration-service/PBX/webhook, TENANT",
            "/cdr-service/v3/api-docs, PUBLIC",
            "/cdr-service/v3/api-docs/swagger-config, PUBLIC",
            "/cdr-service/V3/api-docs, TENANT",
            "/cdr-service/actuator, INTERNAL",
            "/cdr-service/actuator/env, INTERNAL",
            "/cdr-service/ACTUATOR/env, INTERNAL",
            "/webjars/swagger-ui/index.html, OPEN",
            "/, OPEN"})
    void aPathFallsUnderTheFirstRuleThatNamesIt(String path, AccessRules.Access expected) {
        assertThat(rules.access(PathContainer.parsePath(path))).isEqualTo(expected);
    }
}
