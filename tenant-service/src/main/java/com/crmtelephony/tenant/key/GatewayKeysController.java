package com.crmtelephony.tenant.key;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.audit.AuditTrail;
import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.tenant.KeyHmac;
import com.crmtelephony.tenant.StrictBody;

/**
 * The gateway's own calls (config-repo: only the token issuer api-gateway-keys, which no API key
 * is ever routed with; the gateway's access rules also keep /tenant-service/keys/** internal).
 * Not in the API documents: no client may call them.
 */
@Hidden
@RestController
@RequestMapping("/keys")
class GatewayKeysController {

    /** A deployment's configuration lists keys by hand: far fewer than this. */
    static final int MAX_IMPORT = 1000;

    private final Keys keys;
    private final AuditTrail audit;

    GatewayKeysController(Keys keys, AuditTrail audit) {
        this.keys = keys;
        this.audit = audit;
    }

    /** {@code {"hmac": "<64 hex>"}}: the key's check, or 404 for a key the registry does not honour. */
    @PostMapping("/lookup")
    ResponseEntity<KeyCheck> lookup(@RequestBody(required = false) JsonNode body) {
        StrictBody.object(body, java.util.Set.of("hmac"), "a key lookup");
        JsonNode hmac = body.get("hmac");
        return ResponseEntity.of(keys.check(hmac != null && hmac.isString() ? hmac.stringValue() : null));
    }

    /**
     * {@code {"keys": [{"name", "hmac", "tenant"?}]}}: the gateway's configured keys, at its start.
     * Each key added is in the audit trail, as the gateway's doing.
     */
    @PostMapping("/import")
    Map<String, Integer> importKeys(@RequestBody(required = false) JsonNode body) {
        StrictBody.object(body, java.util.Set.of("keys"), "a key import");
        JsonNode list = body.get("keys");
        if (list == null || !list.isArray() || list.size() > MAX_IMPORT) {
            throw new InvalidInputException("keys must be a list of at most " + MAX_IMPORT);
        }
        List<Keys.Known> known = new ArrayList<>();
        for (JsonNode key : list) {
            StrictBody.object(key, java.util.Set.of("name", "hmac", "tenant"), "an imported key");
            String name = StrictBody.name(key.get("name"), Keys.MAX_NAME);
            JsonNode hmac = key.get("hmac");
            String normalised = hmac == null || !hmac.isString() ? null : KeyHmac.normalised(hmac.stringValue());
            if (normalised == null) {
                throw new InvalidInputException("keys[].hmac must be 64 hex digits");
            }
            known.add(new Keys.Known(name, normalised, tenant(key.get("tenant"))));
        }
        List<Keys.Known> added = keys.addKnown(known);
        added.forEach(k -> audit.record("api-gateway (configured key " + k.name() + ")", "POST", "/keys/import", k.tenant(), 201, null));
        return Map.of("added", added.size(), "present", known.size() - added.size());
    }

    private static UUID tenant(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(node.isString() ? node.stringValue() : "");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("keys[].tenant must be a UUID (none: an admin key)");
        }
    }
}
