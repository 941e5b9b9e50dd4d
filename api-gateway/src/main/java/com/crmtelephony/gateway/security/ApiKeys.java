package com.crmtelephony.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Whose a presented key is, as the tenant registry says: the gateway computes the key's
 * HMAC-SHA256 under its key secret ({@code API_KEY_SECRET}, an env var of its own) and asks
 * tenant-service by that, never sending the key. Each answer, honoured or refused, is believed
 * for {@code fresh-for} (5 s): a new key, a revocation or a suspension takes effect on every
 * gateway within that. While the registry cannot answer, a key it honoured is still honoured up
 * to {@code stale-for} after its last check; a key never checked gets 503, not 401: the gateway
 * cannot say it is wrong.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    /** What became of a presented key. */
    sealed interface Check permits Honoured, Refused {
    }

    /** The registry honours it (or did, within stale-for, and cannot be asked now). */
    record Honoured(RegisteredKey key) implements Check {
    }

    /** Unknown, revoked or expired ({@code unavailable}: the gateway could not find out). */
    record Refused(boolean unavailable) implements Check {
    }

    static final Refused UNKNOWN = new Refused(false);
    static final Refused UNAVAILABLE = new Refused(true);

    private record Entry(Optional<RegisteredKey> key, long checkedNanos) {
    }

    private final SecretKeySpec secret;
    private final KeyRegistry registry;
    private final Clock clock;
    private final long freshNanos;
    private final long staleNanos;
    private final int maxLookups;
    private final Cache<String, Entry> checked;
    private final Map<String, Mono<Check>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Timer lookupTime;
    private final Counter stale;
    private final Counter unavailable;
    /** True until the configured keys are in the registry: a key it does not know yet may be one of them. */
    private volatile boolean importing;
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final java.util.concurrent.atomic.AtomicLong lastWarning = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ApiKeys(GatewaySecurityProperties properties, RegistryProperties registryProperties, KeyRegistry registry,
            MeterRegistry meters) {
        String keySecret = properties.keySecret();
        if (keySecret == null || keySecret.isBlank() || keySecret.startsWith("${")) {
            throw new IllegalArgumentException("API_KEY_SECRET (crm.gateway.key-secret) is not set: the secret the API "
                    + "keys' HMACs are made with (the demo one exists only in the demo profile)");
        }
        this.secret = new SecretKeySpec(keySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.registry = registry;
        this.clock = Clock.systemUTC();
        this.freshNanos = registryProperties.freshFor().toNanos();
        this.staleNanos = registryProperties.staleFor().toNanos();
        this.maxLookups = registryProperties.maxLookups();
        this.checked = Caffeine.newBuilder().maximumSize(registryProperties.cacheSize())
                .expireAfterWrite(registryProperties.staleFor().toNanos() + freshNanos, TimeUnit.NANOSECONDS).build();
        this.lookupTime = Timer.builder("gateway.keys.lookup")
                .description("A key's check at the tenant registry, when the gateway had no fresh answer")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
        this.stale = Counter.builder("gateway.keys.stale")
                .description("Keys honoured from an earlier check because the registry could not be asked").register(meters);
        this.unavailable = Counter.builder("gateway.keys.unavailable")
                .description("Keys neither honoured nor refused because the registry could not be asked").register(meters);
    }

    void importing(boolean importing) {
        this.importing = importing;
    }

    /**
     * The key's check: from this gateway's cache while fresh, else from the registry (one lookup per
     * key at a time).
     *
     * @param mayAsk false: a key without a fresh check here is refused as unknown without asking
     *               the registry (its source is over its budget of wrong keys and of lookups)
     */
    Mono<Check> find(String presented, boolean mayAsk) {
        if (presented == null || presented.isEmpty() || presented.length() > 256) {
            return Mono.just(UNKNOWN);
        }
        String hmac = hmac(presented);
        Entry entry = checked.getIfPresent(hmac);
        if (entry != null && System.nanoTime() - entry.checkedNanos() < freshNanos) {
            return Mono.just(check(entry));
        }
        if (!mayAsk) {
            return Mono.just(UNKNOWN);
        }
        Mono<Check> running = inFlight.get(hmac);
        if (running != null) {
            return running;
        }
        if (lookups.incrementAndGet() > maxLookups) {
            lookups.decrementAndGet();
            return Mono.just(fallback(entry, "more than " + maxLookups + " lookups in flight"));
        }
        Mono<Check> lookup = Mono.defer(() -> {
                    long started = System.nanoTime();
                    return registry.lookup(hmac).map(found -> {
                        lookupTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        Entry now = new Entry(found, System.nanoTime());
                        checked.put(hmac, now);
                        return check(now);
                    });
                })
                .onErrorResume(e -> Mono.just(fallback(entry, e.toString())))
                .doFinally(signal -> {
                    inFlight.remove(hmac);
                    lookups.decrementAndGet();
                })
                .cache();
        Mono<Check> raced = inFlight.putIfAbsent(hmac, lookup);
        if (raced != null) {
            lookups.decrementAndGet();
            return raced;
        }
        return lookup;
    }

    private Check check(Entry entry) {
        if (entry.key().isEmpty()) {
            return importing ? UNAVAILABLE : UNKNOWN;
        }
        return entry.key().get().expired(clock.instant()) ? UNKNOWN : new Honoured(entry.key().get());
    }

    /** The registry did not answer: a key it honoured within stale-for still is; any other, 503. */
    private Check fallback(Entry previous, String why) {
        if (previous != null && previous.key().isPresent() && System.nanoTime() - previous.checkedNanos() < staleNanos) {
            stale.increment();
            Check check = check(previous);
            log.debug("Key {} honoured from its check of {} s ago: {}", previous.key().get().name(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - previous.checkedNanos()), why);
            return check;
        }
        unavailable.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("The tenant registry could not check a key ({}): keys not checked within {} s get 503", why,
                    TimeUnit.NANOSECONDS.toSeconds(staleNanos));
        }
        return UNAVAILABLE;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JRE", e);
        }
    }
}
