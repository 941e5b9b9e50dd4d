package com.crmtelephony.tenant.registry;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.tenant.TenantProperties;

/** The registry's tenants: what other modules (keys) ask of them, and what the API does with them. */
@Service
public class Tenants {

    private final TenantRepository tenants;
    private final TenantProperties properties;
    private final Clock clock;

    Tenants(TenantRepository tenants, TenantProperties properties, Clock clock) {
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<Tenant> find(UUID id) {
        return tenants.find(id);
    }

    /** @throws NotFoundException for an id the registry does not have */
    public Tenant get(UUID id) {
        return tenants.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The tenant, its row locked until the caller's transaction ends: what is decided about the
     * tenant meanwhile (a key under its cap) is decided once.
     *
     * @throws NotFoundException for an id the registry does not have
     */
    public Tenant lock(UUID id) {
        return tenants.lock(id).orElseThrow(() -> notFound(id));
    }

    /** @param id the id asked for; null: a new one */
    Tenant create(UUID id, TenantFields fields) {
        if (fields.name() == null) {
            throw new com.crmtelephony.support.errors.InvalidInputException("name is required");
        }
        if (id != null && tenants.find(id).isPresent()) {
            throw new ConflictException("tenant " + id + " exists already");
        }
        try {
            return tenants.create(id != null ? id : UUID.randomUUID(), fields.name(),
                    fields.region() != null ? fields.region() : properties.defaultRegion(),
                    fields.timeZone() != null ? fields.timeZone() : properties.defaultTimeZone());
        } catch (DuplicateKeyException e) {
            if (id != null && tenants.find(id).isPresent()) {
                throw new ConflictException("tenant " + id + " exists already");
            }
            throw sameName(fields.name());
        }
    }

    /**
     * A tenant a deployment's configuration named (its keys' and its PBX's, imported at the first
     * start), registered under the deployment's region and zone when the registry lacks it; a name
     * another tenant holds gets the id behind it.
     *
     * @return whether it was registered now
     */
    public boolean ensure(UUID id, String name) {
        if (tenants.find(id).isPresent()) {
            return false;
        }
        String region = properties.defaultRegion();
        String zone = properties.defaultTimeZone();
        for (String candidate : List.of(name, name + " " + id)) {
            try {
                tenants.create(id, candidate.length() > TenantFields.MAX_NAME ? candidate.substring(0, TenantFields.MAX_NAME)
                        : candidate, region, zone);
                return true;
            } catch (DuplicateKeyException e) {
                if (tenants.find(id).isPresent()) {
                    return false;
                }
            }
        }
        throw sameName(name);
    }

    List<Tenant> list(int limit, int offset) {
        return tenants.list(limit, offset);
    }

    long count() {
        return tenants.count();
    }

    Tenant update(UUID id, TenantFields fields) {
        try {
            return tenants.update(id, fields.name(), fields.region(), fields.timeZone(), fields.suspended(), clock.instant())
                    .orElseThrow(() -> notFound(id));
        } catch (DuplicateKeyException e) {
            throw sameName(fields.name());
        }
    }

    private static ConflictException sameName(String name) {
        return new ConflictException("a tenant named '" + name + "' exists already (names are compared ignoring case)");
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No tenant " + id);
    }
}
