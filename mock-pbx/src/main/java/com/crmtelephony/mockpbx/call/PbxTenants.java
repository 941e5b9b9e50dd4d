package com.crmtelephony.mockpbx.call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import com.crmtelephony.mockpbx.MockPbxProperties;
import com.crmtelephony.mockpbx.directory.Directory;

/** The PBX's tenants, each with its directory, call generator and calls, made from the seed. */
@Component
public class PbxTenants {

    /** Everything the PBX keeps for one tenant. */
    public record PbxTenant(UUID id, Directory directory, CallGenerator generator, CallStore calls) {
    }

    private final Map<UUID, PbxTenant> tenants = new LinkedHashMap<>();
    private final boolean original;

    PbxTenants(MockPbxProperties properties) {
        this.original = properties.original();
        int index = 0;
        for (UUID id : properties.original() ? List.of(UUID.randomUUID()) : properties.tenants()) {
            long seed = properties.seed() * 31 + index++;
            Directory directory = new Directory(seed, properties.directorySize());
            CallGenerator generator = new CallGenerator(seed, directory, "tenant" + index + ".pbx.local",
                    properties.firstCallAt());
            CallStore calls = new CallStore();
            calls.putAll(generator.next(properties.initialCalls()));
            tenants.put(id, new PbxTenant(id, directory, generator, calls));
        }
    }

    /**
     * The tenant named by the request's Tenant-UUID, or the first one when it names none. The
     * original PBX had one tenant and answered for it whatever a request named.
     */
    public PbxTenant resolve(String header) {
        if (header == null || header.isBlank() || original) {
            return tenants.values().iterator().next();
        }
        UUID id;
        try {
            id = UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Tenant-UUID must be a UUID");
        }
        PbxTenant tenant = tenants.get(id);
        if (tenant == null) {
            throw problem(HttpStatus.NOT_FOUND, "This PBX has no tenant " + id);
        }
        return tenant;
    }

    public List<UUID> ids() {
        return List.copyOf(tenants.keySet());
    }

    /** What the original PBX did not have: 404, as from a PBX without it. */
    public static ErrorResponseException notOnTheOriginalPbx() {
        return problem(HttpStatus.NOT_FOUND, "No such endpoint on this PBX");
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
