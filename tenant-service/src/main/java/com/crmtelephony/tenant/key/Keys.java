package com.crmtelephony.tenant.key;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.tenant.KeyHmac;
import com.crmtelephony.tenant.StrictBody;
import com.crmtelephony.tenant.TenantProperties;
import com.crmtelephony.tenant.registry.Tenant;
import com.crmtelephony.tenant.registry.Tenants;
import com.crmtelephony.tenant.share.Share;
import com.crmtelephony.tenant.share.Shares;

/** A tenant's API keys: issued (shown once), listed, revoked. */
@Service
class Keys {

    static final int MAX_NAME = 100;
    static final Set<String> ROLES = Set.of("tenant", "read-only");
    private static final Set<String> FIELDS = Set.of("name", "role", "expiresAt");
    private static final Set<String> ADMIN_FIELDS = Set.of("name", "expiresAt");
    static final String ADMIN = "admin";
    /** Past this an expiry is no expiry a store or a client reads the same way. */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final KeyRepository keys;
    private final Tenants tenants;
    private final Shares shares;
    private final TenantProperties properties;
    private final Clock clock;

    Keys(KeyRepository keys, Tenants tenants, Shares shares, TenantProperties properties, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.shares = shares;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The tenant's row is locked first, so that two issues at once cannot both pass the cap.
     *
     * @return the key, with its text: the only time it is shown
     */
    @Transactional
    ApiKey issue(UUID tenantId, JsonNode body) {
        Request request = Request.read(body, clock.instant());
        Tenant tenant = tenants.lock(tenantId);
        if (tenant.suspended()) {
            throw new ConflictException("tenant " + tenantId + " is suspended: lift it (PATCH {\"suspended\": false}) first");
        }
        if (keys.unrevoked(tenantId) >= properties.keysPerTenant()) {
            throw new ConflictException("a tenant holds at most " + properties.keysPerTenant() + " keys; revoke one first");
        }
        String text = KeyText.generate();
        return keys.create(UUID.randomUUID(), tenantId, request.name(), KeyText.prefix(text),
                KeyText.hmac(properties.keySecret(), text), request.role(), request.expiresAt()).shown(text);
    }

    List<ApiKey> list(UUID tenantId) {
        tenants.get(tenantId);
        return keys.ofTenant(tenantId);
    }

    void revoke(UUID tenantId, UUID id) {
        keys.revoke(tenantId, id, clock.instant()).orElseThrow(() -> new NotFoundException("Tenant " + tenantId + " has no key " + id));
    }

    /** An admin key: as a tenant's, under a cap of their own, with no tenant and no role to choose. */
    @Transactional
    ApiKey issueAdmin(JsonNode body) {
        StrictBody.object(body, ADMIN_FIELDS, "an admin key");
        Request request = Request.read(body, clock.instant());
        keys.lockAdmins();
        if (keys.unrevokedAdmins() >= properties.keysPerTenant()) {
            throw new ConflictException("at most " + properties.keysPerTenant() + " admin keys; revoke one first");
        }
        String text = KeyText.generate();
        return keys.create(UUID.randomUUID(), null, request.name(), KeyText.prefix(text),
                KeyText.hmac(properties.keySecret(), text), ADMIN, request.expiresAt()).shown(text);
    }

    List<ApiKey> admins() {
        return keys.admins();
    }

    void revokeAdmin(UUID id) {
        keys.revokeAdmin(id, clock.instant()).orElseThrow(() -> new NotFoundException("No admin key " + id));
    }

    /**
     * Whose the key with this HMAC is, for the gateway: unrevoked, unexpired, with its tenant's
     * suspension and rates. Its last use is written (at most once a minute).
     */
    java.util.Optional<KeyCheck> check(String hmac) {
        String normalised = KeyHmac.normalised(hmac);
        if (normalised == null) {
            throw new InvalidInputException("hmac must be 64 hex digits");
        }
        Instant now = clock.instant();
        return keys.byHmac(normalised).filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(now)).map(k -> {
            keys.used(k.id(), now);
            if (k.tenant() == null) {
                return new KeyCheck(k.id(), k.name(), null, k.role(), k.expiresAt(), false, null, null);
            }
            boolean suspended = tenants.find(k.tenant()).map(Tenant::suspended).orElse(true);
            Share share = shares.of(k.tenant());
            return new KeyCheck(k.id(), k.name(), k.tenant(), k.role(), k.expiresAt(), suspended,
                    share.requestsPerSecond(), share.burst());
        });
    }

    /**
     * A deployment's configured keys (its gateway's YAML, at the first start), each with its
     * tenant registered when the registry lacks it. A key the registry holds already, revoked
     * or not, is left as it is.
     *
     * @return the keys added now
     */
    @Transactional
    List<Known> addKnown(List<Known> known) {
        return known.stream().filter(k -> {
            if (k.tenant() != null) {
                tenants.ensure(k.tenant(), k.name());
            }
            return keys.addKnown(k.tenant(), k.name(), k.hmac(), k.tenant() == null ? ADMIN : "tenant");
        }).toList();
    }

    /** The bootstrap admin key: added while the registry holds no unrevoked admin key, never added back once revoked. */
    @Transactional
    boolean bootstrap(String hmac) {
        keys.lockAdmins();
        return keys.unrevokedAdmins() == 0 && keys.addKnown(null, "bootstrap-admin", hmac, ADMIN);
    }

    /** A key known by its HMAC only; no tenant: an admin key. */
    record Known(String name, String hmac, UUID tenant) {
    }

    /** A key request read strictly, as a tenant's fields are. */
    record Request(String name, String role, Instant expiresAt) {

        static Request read(JsonNode body, Instant now) {
            StrictBody.object(body, FIELDS, "a key");
            String name = StrictBody.name(body.get("name"), MAX_NAME);
            JsonNode role = body.get("role");
            String roleName = role == null ? "tenant" : role.isString() ? role.stringValue() : "";
            if (!ROLES.contains(roleName)) {
                throw new InvalidInputException("role must be tenant or read-only");
            }
            return new Request(name, roleName, expiry(body.get("expiresAt"), now));
        }

        private static Instant expiry(JsonNode node, Instant now) {
            if (node == null || node.isNull()) {
                return null;
            }
            Instant at;
            try {
                at = node.isString() ? Instant.parse(node.stringValue()) : null;
            } catch (DateTimeParseException e) {
                at = null;
            }
            if (at == null || !at.isAfter(now) || at.isAfter(LAST)) {
                throw new InvalidInputException("expiresAt must be an ISO-8601 instant in the future, before the year 10000");
            }
            return at;
        }
    }
}
