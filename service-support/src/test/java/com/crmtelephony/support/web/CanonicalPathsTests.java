package com.crmtelephony.support.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalPathsTests {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/cdr/get", "/cdr-service/cdr/reports", "/phone_book/records/%2B35799123456",
            "/phone_book/records/35799%20123", "/v3/api-docs", "/a.b/c-d_e~f", "/cdr/...x"})
    void canonicalPathsPass(String path) {
        assertThat(CanonicalPaths.violation(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//cdr/reports", "/cdr//reports", "/cdr/reports//", "/cdr-service//actuator/prometheus",
            "/cdr/./reports", "/cdr/../cdr/reports", "/cdr/.", "/cdr/..", "/cdr/reports/",
            "/cdr/%2e%2e/reports", "/cdr/%2E/reports", "/cdr%2freports", "/cdr%2Freports", "/cdr%5creports",
            "/cdr\\reports", "/cdr/reports%00", "/cdr/reports%0a", "/cdr/reports;x=1", "/cdr/reports%3bx=1",
            "/cdr/%252e%252e", "/cdr/rep%zzorts", "/cdr/reports%", "/cdr/report\u00e9", "/cdr/rep orts",
            "cdr/reports", ""})
    void nonCanonicalPathsAreRefused(String path) {
        assertThat(CanonicalPaths.violation(path)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eureka/apps/", "/eureka/apps/CDR-SERVICE/localhost:cdr-service:8901"})
    void aTrailingSlashMayBeAllowed(String path) {
        assertThat(CanonicalPaths.violation(path, true)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eureka//apps/", "/eureka/apps//", "/eureka/./apps/", "/eureka/../apps/", "/eureka/%2e/", "//"})
    void allowingATrailingSlashAllowsNothingElse(String path) {
        assertThat(CanonicalPaths.violation(path, true)).isNotNull();
    }
}
