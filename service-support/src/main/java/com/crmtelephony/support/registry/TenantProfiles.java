package com.crmtelephony.support.registry;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import com.crmtelephony.support.remote.DependencyUnavailableException;
import com.crmtelephony.support.remote.RemoteCalls;
import com.crmtelephony.support.token.ServiceTokens;

/**
 * Tenants' profiles as the tenant registry holds them: region, time zone, shares. A profile read
 * is used for {@code fresh-for}; past it, the one read last goes on being used while it is read
 * again in the background, so no request waits for the registry but a tenant's first. While the
 * registry cannot answer, the profile read last stays in use, however old: a registry outage
 * changes no tenant's region, zone or shares. A tenant the registry does not know (404) has none:
 * each caller applies the deployment's configuration.
 */
public class TenantProfiles implements AutoCloseable {

    public static final String REGISTRY = "tenant-service";
    private static final Logger log = LoggerFactory.getLogger(TenantProfiles.class);
    /** Tenants remembered, at most; past it the memory starts afresh rather than grow. */
    private static final int MAX_TENANTS = 100_000;
    private static final Set<String> SHARES = Set.of("streams", "jobs", "deliveries");

    /** The registry's {@code GET /profiles/{id}}: its own token only (config-repo tenant-service.yml). */
    @FunctionalInterface
    public interface Source {
        JsonNode profile(UUID tenant);
    }

    /** @param profile null: the registry does not know the tenant */
    private record Known(TenantProfile profile, long readAt) {
    }

    private final Source registry;
    private final RemoteCalls remote;
    private final long freshNanos;
    private final long retryAfterNanos;
    private final LongSupplier clock;
    private final Map<UUID, Known> known = new ConcurrentHashMap<>();
    private final Map<UUID, Long> failedAt = new ConcurrentHashMap<>();
    private final Set<UUID> refreshing = ConcurrentHashMap.newKeySet();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "tenant-profiles");
        thread.setDaemon(true);
        return thread;
    });

    public TenantProfiles(Source registry, RemoteCalls remote, RegistryProfilesProperties properties) {
        this(registry, remote, properties, System::nanoTime);
    }

    TenantProfiles(Source registry, RemoteCalls remote, RegistryProfilesProperties properties, LongSupplier clock) {
        this.registry = registry;
        this.remote = remote;
        this.freshNanos = properties.freshFor().toNanos();
        this.retryAfterNanos = properties.retryAfter().toNanos();
        this.clock = clock;
    }

    /**
     * @return the tenant's profile; empty when the registry does not know the tenant
     * @throws DependencyUnavailableException when the registry has not answered for the tenant
     *                                        since this instance started and does not answer now
     */
    public Optional<TenantProfile> profile(UUID tenant) {
        Known last = known.get(tenant);
        if (last == null) {
            return Optional.ofNullable(read(tenant).profile());
        }
        if (clock.getAsLong() - last.readAt() >= freshNanos && refreshing.add(tenant)) {
            refresher.execute(() -> {
                try {
                    read(tenant);
                } catch (RuntimeException e) {
                    log.debug("Tenant {}'s profile was not read again ({}); the one read last stays in use", tenant, e.toString());
                } finally {
                    refreshing.remove(tenant);
                }
            });
        }
        return Optional.ofNullable(last.profile());
    }

    /**
     * The region the tenant's numbers are read in: the registry's, else {@code configured}.
     *
     * @throws DependencyUnavailableException as {@link #profile}: a number keyed in a guessed
     *                                        region could miss an erased number's tombstone
     */
    public String region(UUID tenant, String configured) {
        return profile(tenant).map(TenantProfile::region).orElse(configured);
    }

    /** The tenant's time zone; empty when the registry does not know it or cannot say. */
    public Optional<ZoneId> zone(UUID tenant) {
        try {
            return profile(tenant).map(TenantProfile::timeZone);
        } catch (DependencyUnavailableException unknownYet) {
            return Optional.empty();
        }
    }

    /**
     * The share set for the tenant in the registry; null when none is, or the registry cannot say.
     * A share the registry does not hold (requests, reconciliations) is null at once: the requests
     * share is asked on every request, and no tenant's first request waits on the registry for it.
     */
    public Integer share(String share, UUID tenant) {
        if (!SHARES.contains(share)) {
            return null;
        }
        try {
            return profile(tenant).map(p -> p.shares().get(share)).orElse(null);
        } catch (DependencyUnavailableException unknownYet) {
            return null;
        }
    }

    private Known read(UUID tenant) {
        Long failed = failedAt.get(tenant);
        if (failed != null && clock.getAsLong() - failed < retryAfterNanos) {
            throw new DependencyUnavailableException(REGISTRY, null);
        }
        Known read;
        try {
            read = new Known(parse(ServiceTokens.asThisService(() -> remote.call(REGISTRY, () -> registry.profile(tenant)))),
                    clock.getAsLong());
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() != HttpStatus.NOT_FOUND) {
                failedAt.put(tenant, clock.getAsLong());
                throw new DependencyUnavailableException(REGISTRY, e);
            }
            read = new Known(null, clock.getAsLong());
        } catch (DependencyUnavailableException | DateTimeException | IllegalStateException e) {
            failedAt.put(tenant, clock.getAsLong());
            throw e instanceof DependencyUnavailableException d ? d : new DependencyUnavailableException(REGISTRY, e);
        }
        failedAt.remove(tenant);
        if (known.size() >= MAX_TENANTS) {
            known.clear();
        }
        known.put(tenant, read);
        return read;
    }

    private static TenantProfile parse(JsonNode body) {
        Map<String, Integer> shares = new HashMap<>();
        JsonNode set = body.get("shares");
        if (set != null && set.isObject()) {
            for (String share : SHARES) {
                JsonNode value = set.get(share);
                if (value != null && value.isIntegralNumber()) {
                    shares.put(share, value.intValue());
                }
            }
        }
        return new TenantProfile(text(body, "region"), ZoneId.of(text(body, "timeZone")), shares);
    }

    /** @throws IllegalStateException when the registry's answer lacks the field: it cannot be used */
    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalStateException("The registry's profile has no " + field);
        }
        return value.asString();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
