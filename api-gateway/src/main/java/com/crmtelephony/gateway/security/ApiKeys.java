package com.crmtelephony.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.crmtelephony.gateway.security.GatewaySecurityProperties.ApiKey;

/**
 * The configured API keys, each kept only as its HMAC-SHA256 under the gateway's key secret
 * ({@code API_KEY_SECRET}, an env var of the gateway's, never in the served configuration): a
 * leaked configuration gives neither the keys nor a way to test guesses offline. Read again
 * whenever the configuration is refreshed, so a key is added, rotated or revoked by changing the
 * config repository and refreshing the gateway.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    /** A key as kept: its hash as bytes, for a constant-time comparison. */
    private record Entry(byte[] hash, ApiKey key) {
    }

    private final Environment environment;
    private final SecretKeySpec secret;
    private volatile List<Entry> entries;

    ApiKeys(Environment environment, GatewaySecurityProperties properties) {
        this.environment = environment;
        String keySecret = properties.keySecret();
        if (keySecret == null || keySecret.isBlank() || keySecret.startsWith("${")) {
            throw new IllegalArgumentException("API_KEY_SECRET (crm.gateway.key-secret) is not set: the secret the API "
                    + "keys' HMACs are made with (the demo one exists only in the demo profile)");
        }
        this.secret = new SecretKeySpec(keySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.entries = entries(properties.apiKeys());
    }

    @EventListener
    void refreshed(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().anyMatch(k -> k.startsWith("crm.gateway.api-keys"))) {
            List<ApiKey> keys = Binder.get(environment).bind("crm.gateway", GatewaySecurityProperties.class)
                    .map(GatewaySecurityProperties::apiKeys).orElse(List.of());
            entries = entries(keys);
            log.info("API keys reloaded: {} configured", keys.size());
        }
    }

    /** The key whose hash matches; every configured hash is compared, in constant time each. */
    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 256) {
            return Optional.empty();
        }
        byte[] hash = hmac(presented);
        ApiKey found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), hash)) {
                found = e.key();
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> entries(List<ApiKey> keys) {
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
        return keys.stream().map(k -> new Entry(HexFormat.of().parseHex(k.hmac().toLowerCase()), k)).toList();
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JRE", e);
        }
    }
}
