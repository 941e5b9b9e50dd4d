package com.crmtelephony.pbx.connection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.pbx.PbxIntegrationProperties;
import com.crmtelephony.support.webhook.WebhookSignature;

/**
 * The PBX connections this service serves, chosen by tenant: the tenant registry's, read every
 * {@code crm.pbx.registry.refresh}, and at once for a tenant not served yet. The configured PBX
 * (PBX_URL, PBX_TENANTS, PBX_WEBHOOK_SECRET of a deployment from before the registry) is handed
 * to the registry at the first start, each of its tenants a connection of its own with its key
 * derived as before; until the registry has answered once, the configured connections serve. While the registry cannot be reached, the
 * connections last read keep serving: a PBX's webhooks are not refused because tenant-service is down.
 * What this service sees of each PBX is reported to the registry, for its status.
 */
@Service
@ImportHttpServices(group = "tenant-service", types = RegistryApi.class)
public class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    /** A tenant not served reads the registry again at most this often, whoever asks. */
    private static final long MISS_READ_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RegistryApi registry;
    private final Map<UUID, Connection> configured;
    private final String configuredUrl;
    private final String sharedSecret;
    private volatile Map<UUID, Connection> registered;
    private volatile boolean handedOver;
    private volatile boolean ready;
    private volatile boolean registryFailing;
    private final Map<UUID, Map<String, Object>> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastReadOnMiss = new AtomicLong(System.nanoTime() - MISS_READ_SPACING_NANOS);

    Connections(RegistryApi registry, PbxIntegrationProperties properties,
                @Value("${spring.http.serviceclient.pbx.base-url:lb://mock-pbx}") String configuredUrl) {
        this.registry = registry;
        this.configuredUrl = configuredUrl;
        // PBX_WEBHOOK_UNSIGNED: the original PBX, which signs nothing, whatever secret is set besides.
        this.sharedSecret = properties.signed() && !properties.webhookUnsigned() ? properties.webhookSecret() : null;
        Map<UUID, Connection> fromConfiguration = new LinkedHashMap<>();
        for (UUID tenant : properties.tenants()) {
            String own = properties.tenantSecrets().get(tenant);
            String secret = properties.webhookUnsigned() ? null : own != null && !own.isBlank() ? own
                    : sharedSecret != null ? WebhookSignature.tenantSecret(sharedSecret, tenant) : null;
            fromConfiguration.put(tenant, new Connection(tenant, configuredUrl,
                    secret == null ? Connection.ORIGINAL : Connection.SIGNED, null, secret, false));
        }
        // In the configured order: the first is the PBX's default tenant, and lists keep the order.
        this.configured = java.util.Collections.unmodifiableMap(fromConfiguration);
        this.handedOver = configured.isEmpty();
    }

    /**
     * The tenant's connection; empty when this service serves no PBX of the tenant. A tenant not
     * served may have been connected since the last read: the registry is read again at once
     * (once a second at most, whoever asks), so a new connection serves within a second.
     */
    public Optional<Connection> of(UUID tenant) {
        Optional<Connection> known = known(tenant);
        if (known.isEmpty() && registered != null && readAgainOnMiss()) {
            return known(tenant);
        }
        return known;
    }

    private boolean readAgainOnMiss() {
        long now = System.nanoTime();
        long last = lastReadOnMiss.get();
        if (now - last < MISS_READ_SPACING_NANOS || !lastReadOnMiss.compareAndSet(last, now)) {
            return false;
        }
        refresh();
        return true;
    }

    private Optional<Connection> known(UUID tenant) {
        Map<UUID, Connection> now = registered;
        if (now != null && now.containsKey(tenant)) {
            return Optional.of(now.get(tenant));
        }
        // Until the registry has the configured PBX, its tenants are served from configuration.
        return now != null && handedOver ? Optional.empty() : Optional.ofNullable(configured.get(tenant));
    }

    /** Every connection served, suspended tenants' included. */
    public List<Connection> all() {
        Map<UUID, Connection> all = new LinkedHashMap<>();
        Map<UUID, Connection> now = registered;
        if (now == null || !handedOver) {
            all.putAll(configured);
        }
        if (now != null) {
            all.putAll(now);
        }
        return List.copyOf(all.values());
    }

    /** The tenants whose calls are pulled: every connection's but suspended tenants'. */
    public List<UUID> served() {
        return all().stream().filter(c -> !c.suspended()).map(Connection::tenant).toList();
    }

    /** The configured PBX's URL: requests to it go through the HTTP service group {@code pbx}. */
    public String configuredUrl() {
        return configuredUrl;
    }

    /** Whether the registry's connections serve (else the configured ones, for now). */
    public boolean fromRegistry() {
        return registered != null && handedOver;
    }

    @EventListener(ApplicationReadyEvent.class)
    @org.springframework.core.annotation.Order(0)
    void started() {
        ready = true;
        refresh();
    }

    @Scheduled(fixedDelayString = "${crm.pbx.registry.refresh:15s}", initialDelayString = "${crm.pbx.registry.refresh:15s}")
    synchronized void refresh() {
        if (!ready) {
            return;
        }
        try {
            if (!handedOver) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("baseUrl", configuredUrl);
                body.put("tenants", List.copyOf(configured.keySet()));
                body.put("webhookSecret", sharedSecret);
                log.info("The configured PBX's tenants handed to the tenant registry: {}", registry.importConfigured(body));
                handedOver = true;
            }
            Map<UUID, Connection> read = new LinkedHashMap<>();
            registry.all().forEach(c -> read.put(c.tenant(), c));
            registered = java.util.Collections.unmodifiableMap(read);
            if (registryFailing) {
                log.info("The tenant registry answers again: {} PBX connections", read.size());
            }
            registryFailing = false;
        } catch (RuntimeException e) {
            // Once per outage at warn: the connections read last serve meanwhile.
            if (!registryFailing) {
                log.warn("The tenant registry cannot be read ({}); the PBX connections read last serve meanwhile", e.toString());
            }
            registryFailing = true;
        }
    }

    public void pulled(UUID tenant) {
        note(tenant, "lastPullAt", Instant.now().toString());
    }

    public void webhookTaken(UUID tenant) {
        note(tenant, "lastWebhookAt", Instant.now().toString());
    }

    /** @param subscribed false: the PBX takes no subscriptions */
    public void subscription(UUID tenant, boolean subscribed) {
        note(tenant, "subscription", subscribed ? "subscribed" : "not supported");
    }

    public void failed(UUID tenant, String error) {
        note(tenant, "lastError", error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error);
        note(tenant, "lastErrorAt", Instant.now().toString());
    }

    private void note(UUID tenant, String field, String value) {
        if (tenant != null) {
            pending.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(field, value);
        }
    }

    /** What was seen since the last report; kept for the next one while the registry cannot take it. */
    @Scheduled(fixedDelayString = "${crm.pbx.registry.report:15s}", initialDelayString = "${crm.pbx.registry.report:15s}")
    void report() {
        if (pending.isEmpty() || !ready) {
            return;
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        for (UUID tenant : List.copyOf(pending.keySet())) {
            Map<String, Object> seen = pending.remove(tenant);
            if (seen != null) {
                Map<String, Object> report = new LinkedHashMap<>(seen);
                report.put("tenant", tenant);
                reports.add(report);
            }
        }
        try {
            registry.status(Map.of("reports", reports));
        } catch (RuntimeException e) {
            for (Map<String, Object> report : reports) {
                UUID tenant = (UUID) report.remove("tenant");
                // What was seen since is newer: it stays.
                Map<String, Object> later = pending.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
                report.forEach(later::putIfAbsent);
            }
            log.debug("PBX status not reported yet: {}", e.toString());
        }
    }
}
