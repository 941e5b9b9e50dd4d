package com.crmtelephony.gateway.security;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.crmtelephony.gateway.security.GatewaySecurityProperties.ApiKey;

/**
 * A deployment's keys from before the registry (config-repo's {@code crm.gateway.api-keys}, each an
 * HMAC): handed to the registry at the gateway's start (tried every 5 s at most until it takes them),
 * and again when the configuration changes.
 * The registry adds those it lacks and leaves the others as they are, so a key revoked there is
 * never brought back by the configuration that still lists it. Until the registry has them, a
 * key it does not know gets 503 rather than 401: it may be one of these.
 */
@Component
class ConfiguredKeys implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredKeys.class);

    private final Environment environment;
    private final KeyRegistry registry;
    private final ApiKeys keys;
    private volatile List<ApiKey> configured;
    private volatile Disposable running;
    private volatile boolean handedOver;

    ConfiguredKeys(Environment environment, GatewaySecurityProperties properties, KeyRegistry registry, ApiKeys keys) {
        this.environment = environment;
        this.registry = registry;
        this.keys = keys;
        this.configured = valid(properties.apiKeys());
        keys.importing(!configured.isEmpty());
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        handOver();
    }

    @EventListener
    void refreshed(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().anyMatch(k -> k.startsWith("crm.gateway.api-keys"))) {
            configured = valid(Binder.get(environment).bind("crm.gateway", GatewaySecurityProperties.class)
                    .map(GatewaySecurityProperties::apiKeys).orElse(List.of()));
            handOver();
        }
    }

    /** Tried until the registry takes them, waiting up to 30 s between attempts. */
    private synchronized void handOver() {
        if (running != null) {
            running.dispose();
        }
        List<ApiKey> keysNow = configured;
        if (keysNow.isEmpty()) {
            keys.importing(false);
            handedOver = true;
            return;
        }
        handedOver = false;
        keys.importing(true);
        running = registry.importKeys(keysNow)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.info("The tenant registry did not take the {} configured keys yet ({}); trying again",
                                keysNow.size(), r.failure().toString())))
                .subscribe(answer -> {
                    keys.importing(false);
                    handedOver = true;
                    log.info("Configured keys handed to the tenant registry: {}", answer);
                });
    }

    /**
     * Out of service until the registry has the configured keys: until then this gateway answers
     * 503 to keys it cannot find (the local run waits for it; readiness does not: keys the
     * registry issued itself work meanwhile).
     */
    @Override
    public Health health() {
        return handedOver ? Health.up().withDetail("configuredKeys", configured.size()).build()
                : Health.outOfService().withDetail("configuredKeys", configured.size())
                        .withDetail("waitingFor", "the tenant registry to take them").build();
    }

    private static List<ApiKey> valid(List<ApiKey> keys) {
        for (ApiKey k : keys) {
            if (k.hmac() != null && k.hmac().startsWith("${")) {
                // A placeholder left unresolved: its variable is not set, and there is no default outside demo.
                throw new IllegalArgumentException("API key '" + k.name() + "': " + k.hmac()
                        + " is not set (the HMAC-SHA256 of the key; the demo keys exist only in the demo profile)");
            }
            if (k.hmac() == null || !k.hmac().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("API key '" + k.name() + "': hmac must be 64 hex digits");
            }
            if (k.admin() == (k.tenant() != null)) {
                throw new IllegalArgumentException("API key '" + k.name() + "': either a tenant or admin: true, not both");
            }
        }
        return List.copyOf(keys);
    }
}
