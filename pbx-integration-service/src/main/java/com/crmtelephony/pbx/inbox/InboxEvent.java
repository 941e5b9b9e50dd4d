package com.crmtelephony.pbx.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A verified call event as the PBX sent it.
 *
 * @param key  its replay guard
 * @param body the PBX's JSON, unchanged
 */
public record InboxEvent(Key key, String body) {

    /** The longest webhook-id kept as it is. */
    public static final int MAX_ID_LENGTH = 255;

    /** A tenant's event: the webhook-id its PBX gave it, or, unsigned, a hash of what it says. */
    public record Key(UUID tenant, String id) {
    }

    public static InboxEvent signed(UUID tenant, String webhookId, String body) {
        return new InboxEvent(new Key(tenant, webhookId), body);
    }

    /** An unsigned delivery has no id: the same event delivered again is the same tenant and body. */
    public static InboxEvent unsigned(UUID tenant, String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((tenant + "\n" + body).getBytes(StandardCharsets.UTF_8));
            return new InboxEvent(new Key(tenant, "sha256:" + HexFormat.of().formatHex(hash)), body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
