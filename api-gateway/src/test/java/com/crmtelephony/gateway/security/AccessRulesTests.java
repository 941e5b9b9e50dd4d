package com.crmtelephony.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suite's access table, as config-repo writes it: which rule a path falls under, first match first. No gateway boots. */
class AccessRulesTests {

    private final AccessRules rules = new AccessRules(configRepoPolicy());

    /** {@code crm.gateway.access} of config-repo/api-gateway.yml (its default document), bound as the gateway binds it. */
    static List<AccessRules.Rule> configRepoPolicy() {
        try {
            PropertySource<?> defaults = new YamlPropertySourceLoader()
                    .load("api-gateway.yml", new FileSystemResource("../config-repo/api-gateway.yml")).get(0);
            return new Binder(ConfigurationPropertySources.from(defaults))
                    .bind("crm.gateway.access", Bindable.listOf(AccessRules.Rule.class)).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    @Test
    void withoutAPolicyTheGatewayDoesNotStartRatherThanLeaveEveryPathOpen() {
        for (List<AccessRules.Rule> none : java.util.Arrays.asList(null, List.<AccessRules.Rule>of())) {
            assertThatThrownBy(() -> new GatewaySecurityProperties(List.of(), "secret", none, null, null, null, null, null, null, 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("crm.gateway.access");
        }
    }
}
