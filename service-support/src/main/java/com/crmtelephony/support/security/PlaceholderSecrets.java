package com.crmtelephony.support.security;

import java.util.Map;
import java.util.TreeSet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Secrets fail closed, placeholders too: a service whose environment holds a value of
 * {@code .env.example}'s ({@code change-me-…}) does not start and names the variables, where
 * compose's {@code :?} would have taken the placeholder as a secret.
 */
@AutoConfiguration
public class PlaceholderSecrets {

    /** How .env.example writes every value it wants changed. */
    static final String PLACEHOLDER = "change-me";

    /** A marker whose construction is the check: it runs while the context starts, before any port opens. */
    public static final class Checked {
        private Checked() {
        }
    }

    @Bean
    Checked placeholderSecretsChecked(ConfigurableEnvironment environment) {
        check(environment.getSystemEnvironment());
        return new Checked();
    }

    static void check(Map<String, Object> variables) {
        TreeSet<String> placeholders = new TreeSet<>();
        variables.forEach((name, value) -> {
            if (value != null && value.toString().strip().toLowerCase(java.util.Locale.ROOT).startsWith(PLACEHOLDER)) {
                placeholders.add(name);
            }
        });
        if (!placeholders.isEmpty()) {
            throw new IllegalStateException("These variables still hold .env.example's placeholders (" + PLACEHOLDER
                    + "-…): " + String.join(", ", placeholders) + ". Set real secrets; this service does not start with them.");
        }
    }
}
