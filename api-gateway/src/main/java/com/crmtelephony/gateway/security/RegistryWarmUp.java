package com.crmtelephony.gateway.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A gateway is ready once it has had one answer from the tenant registry (the readiness group,
 * config-repo): a new gateway's first key checks pay for its cold client (connections, the
 * registry's instances, compiled code) and could run past their timeout, refusing valid keys
 * with 503 while a balancer already sends it requests. At its start it asks the registry for a
 * key nobody has until it answers. Once ready it stays so: a registry that stops answering later
 * is what the cache of checked keys is for, not a reason to take every gateway out.
 */
@Component("tenantRegistry")
class RegistryWarmUp implements HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RegistryWarmUp.class);

    private final KeyRegistry registry;
    private volatile boolean answered;
    private Disposable asking;

    RegistryWarmUp(KeyRegistry registry) {
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void started() {
        asking = registry.lookup("0".repeat(64))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2)))
                .subscribe(found -> {
                    answered = true;
                    log.info("The tenant registry answers: this gateway takes requests");
                });
    }

    @Override
    public Health health() {
        return answered ? Health.up().build()
                : Health.outOfService().withDetail("waitingFor", "a first answer of the tenant registry").build();
    }

    @Override
    public synchronized void destroy() {
        if (asking != null) {
            asking.dispose();
        }
    }
}
