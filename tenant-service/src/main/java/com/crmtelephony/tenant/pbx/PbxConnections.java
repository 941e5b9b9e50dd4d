package com.crmtelephony.tenant.pbx;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.support.webhook.WebhookSignature;
import com.crmtelephony.tenant.StrictBody;
import com.crmtelephony.tenant.registry.Tenant;
import com.crmtelephony.tenant.registry.Tenants;

/** Tenants' PBX connections: set by admins, read by their tenants, served to pbx-integration-service. */
@Service
public class PbxConnections {

    static final int MAX_URL = 2000;
    static final int MAX_CREDENTIALS = 1000;
    static final int MAX_ERROR = 500;
    private static final Set<String> FIELDS = Set.of("baseUrl", "kind", "credentials", "webhookSecret");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionRepository connections;
    private final Tenants tenants;
    private final SecretBox box;

    PbxConnections(ConnectionRepository connections, Tenants tenants, SecretBox box) {
        this.connections = connections;
        this.tenants = tenants;
        this.box = box;
    }

    /** A PUT's outcome: the view (with the secret if one was generated) and whether it was new. */
    record Put(ConnectionView view, boolean created) {
    }

    @Transactional
    Put put(UUID tenant, JsonNode body) {
        StrictBody.object(body, FIELDS, "a PBX connection");
        String baseUrl = baseUrl(body.get("baseUrl"));
        String kind = kind(body.get("kind"));
        String credentials = text(body.get("credentials"), "credentials", MAX_CREDENTIALS);
        String secret = text(body.get("webhookSecret"), "webhookSecret", MAX_CREDENTIALS);
        if (secret != null && PbxConnection.ORIGINAL.equals(kind)) {
            throw new InvalidInputException("webhookSecret: an original PBX cannot sign its webhooks; leave it out");
        }
        checkStrength(secret);
        tenants.lock(tenant);
        String generated = null;
        if (secret == null && PbxConnection.SIGNED.equals(kind)) {
            // Left out: the secret it had is kept (a new address need not mean a new secret), else one is made.
            secret = connections.find(tenant).filter(r -> r.webhookSecret() != null).map(r -> box.open(tenant, r.webhookSecret()))
                    .orElse(null);
            if (secret == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                secret = generated = "whsec_" + Base64.getEncoder().encodeToString(bytes);
            }
        }
        boolean created = connections.put(tenant, baseUrl, kind, box.seal(tenant, credentials), box.seal(tenant, secret));
        ConnectionView view = view(connections.find(tenant).orElseThrow());
        return new Put(generated == null ? view : withSecret(view, generated), created);
    }

    ConnectionView get(UUID tenant) {
        tenants.get(tenant);
        return connections.find(tenant).map(PbxConnections::view)
                .orElseThrow(() -> new NotFoundException("Tenant " + tenant + " has no PBX connection"));
    }

    @Transactional
    void delete(UUID tenant) {
        tenants.lock(tenant);
        if (!connections.delete(tenant)) {
            throw new NotFoundException("Tenant " + tenant + " has no PBX connection");
        }
    }

    /** Every connection, secrets opened, with its tenant's suspension: for pbx-integration-service only. */
    List<PbxConnection> all() {
        List<PbxConnection> all = new ArrayList<>();
        for (ConnectionRepository.Row row : connections.all()) {
            boolean suspended = tenants.find(row.tenant()).map(Tenant::suspended).orElse(true);
            all.add(new PbxConnection(row.tenant(), row.baseUrl(), row.kind(), box.open(row.tenant(), row.credentials()),
                    box.open(row.tenant(), row.webhookSecret()), suspended));
        }
        return all;
    }

    /** What pbx-integration-service saw of one tenant's PBX. */
    record Report(UUID tenant, Instant lastPullAt, Instant lastWebhookAt, String subscription, String lastError,
                  Instant lastErrorAt) {
    }

    void report(List<Report> reports) {
        for (Report r : reports) {
            String error = r.lastError() == null ? null
                    : r.lastError().length() > MAX_ERROR ? r.lastError().substring(0, MAX_ERROR) : r.lastError();
            connections.report(r.tenant(), r.lastPullAt(), r.lastWebhookAt(), r.subscription(), error,
                    error == null ? null : r.lastErrorAt());
        }
    }

    /**
     * A deployment's configured PBX (PBX_URL, PBX_TENANTS, PBX_WEBHOOK_SECRET), at the first start:
     * each of its tenants registered when the registry lacks it, and given a connection when it has
     * none, with its key derived from the shared secret as before (or unsigned, the original PBX).
     * A connection an admin set is never replaced.
     *
     * @return the tenants given a connection
     */
    @Transactional
    List<UUID> importConfigured(String baseUrl, List<UUID> served, String sharedSecret) {
        List<UUID> added = new ArrayList<>();
        for (UUID tenant : served) {
            tenants.ensure(tenant, "Tenant " + tenant);
            String secret = sharedSecret == null ? null : WebhookSignature.tenantSecret(sharedSecret, tenant);
            if (connections.add(tenant, baseUrl, secret == null ? PbxConnection.ORIGINAL : PbxConnection.SIGNED,
                    box.seal(tenant, secret))) {
                added.add(tenant);
            }
        }
        return added;
    }

    /** A webhook secret too weak to sign with is 400, naming the field (one strength rule, WebhookSignature's). */
    static void checkStrength(String secret) {
        String weakness = secret == null ? null : WebhookSignature.weakness(secret);
        if (weakness != null) {
            throw new InvalidInputException("webhookSecret " + weakness);
        }
    }

    private static ConnectionView view(ConnectionRepository.Row row) {
        return new ConnectionView(row.tenant(), row.baseUrl(), row.kind(), row.credentials() != null, row.createdAt(),
                row.updatedAt(), new ConnectionView.Status(row.lastPullAt(), row.lastWebhookAt(), row.subscription(),
                row.subscribedAt(), row.lastError(), row.lastErrorAt()), null);
    }

    private static ConnectionView withSecret(ConnectionView v, String secret) {
        return new ConnectionView(v.tenant(), v.baseUrl(), v.kind(), v.credentials(), v.createdAt(), v.updatedAt(), v.status(),
                secret);
    }

    /** An absolute http(s) URL with a host, and nothing a request would not carry to it: no user info, query or fragment. */
    static String baseUrl(JsonNode node) {
        String text = text(node, "baseUrl", MAX_URL);
        if (text == null) {
            throw new InvalidInputException("baseUrl is required: the PBX's http(s) URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("baseUrl is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidInputException("baseUrl must be an http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("baseUrl must carry no user info, query or fragment (credentials go in credentials)");
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return PbxConnection.SIGNED;
        }
        if (!node.isString() || !Map.of(PbxConnection.SIGNED, 1, PbxConnection.ORIGINAL, 1).containsKey(node.stringValue())) {
            throw new InvalidInputException("kind must be signed or original");
        }
        return node.stringValue();
    }

    private static String text(JsonNode node, String field, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.stringValue().isEmpty() || node.stringValue().length() > max) {
            throw new InvalidInputException(field + " must be a string of 1 to " + max + " characters");
        }
        if (node.stringValue().chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field + " must not contain NUL or other control characters");
        }
        return node.stringValue();
    }
}
