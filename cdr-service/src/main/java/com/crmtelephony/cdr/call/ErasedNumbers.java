package com.crmtelephony.cdr.call;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The numbers of erased people (V16, {@code erased_number}): each form in which the tenant's
 * calls held one, kept only as an HMAC under {@code crm.privacy.pseudonym-key}, with the stable
 * pseudonym that replaced it. Every write of calls passes here first, so a sync or webhook that
 * brings such a number again stores the pseudonym: the person does not come back, and the calls
 * still count as one other party's.
 */
@Component
public class ErasedNumbers {

    /**
     * @param pseudonymKey the HMAC key (PRIVACY_KEY, 32 random bytes in base64 or any text of 32 or
     *                     more characters); without it an erased number could be found again by
     *                     hashing every possible number
     */
    @ConfigurationProperties("crm.privacy")
    public record PrivacyProperties(String pseudonymKey) {
        public PrivacyProperties {
            if (pseudonymKey == null || pseudonymKey.strip().length() < 32) {
                throw new IllegalArgumentException("crm.privacy.pseudonym-key (PRIVACY_KEY) must be set: 32 or more "
                        + "characters, e.g. openssl rand -base64 32 (scripts/token-keys.sh prints one)");
            }
        }
    }

    private static final String PREFIX = "erased-";

    private final JdbcTemplate jdbc;
    private final SecretKeySpec key;

    ErasedNumbers(JdbcTemplate jdbc, PrivacyProperties properties) {
        this.jdbc = jdbc;
        this.key = new SecretKeySpec(properties.pseudonymKey().strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The tombstone key of one form of a number (or of an erasure's subject): never the value itself. */
    public String key(UUID tenant, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((tenant + "\n" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One person's pseudonym: the same whichever of the forms is asked for. */
    public String pseudonym(UUID tenant, Collection<String> forms) {
        return PREFIX + forms.stream().map(f -> key(tenant, f)).sorted().findFirst().orElseThrow().substring(0, 16);
    }

    public static boolean isPseudonym(String number) {
        return number != null && number.startsWith(PREFIX);
    }

    /** Remembers that these forms of a number are erased, under the pseudonym. */
    public void add(UUID tenant, Collection<String> forms, String pseudonym) {
        for (String form : forms) {
            jdbc.update("insert into erased_number (tenant_id, number_key, pseudonym) values (?, ?, ?) on conflict do nothing",
                    tenant, key(tenant, form), pseudonym);
        }
    }

    /** The batch with every erased number replaced by its pseudonym, and the name of such a party dropped. */
    List<Call> pseudonymised(UUID tenant, List<Call> batch) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from erased_number where tenant_id = ?)", Boolean.class, tenant))) {
            return batch;
        }
        Set<String> numbers = new LinkedHashSet<>();
        for (Call call : batch) {
            if (call.callerNumber() != null) {
                numbers.add(call.callerNumber().digits());
            }
            if (call.destinationNumber() != null) {
                numbers.add(call.destinationNumber().digits());
            }
        }
        Map<String, String> byKey = new HashMap<>();
        numbers.forEach(n -> byKey.put(key(tenant, n), n));
        Map<String, String> pseudonyms = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "select number_key, pseudonym from erased_number where tenant_id = ? and number_key = any(?)");
            ps.setObject(1, tenant);
            ps.setArray(2, connection.createArrayOf("text", byKey.keySet().toArray()));
            return ps;
        }, rs -> {
            pseudonyms.put(byKey.get(rs.getString(1)), rs.getString(2));
        });
        if (pseudonyms.isEmpty()) {
            return batch;
        }
        return batch.stream().map(c -> {
            String caller = c.callerNumber() == null ? null : pseudonyms.get(c.callerNumber().digits());
            String destination = c.destinationNumber() == null ? null : pseudonyms.get(c.destinationNumber().digits());
            if (caller == null && destination == null) {
                return c;
            }
            return new Call(c.uuid(), c.domainName(), caller != null ? null : c.callerName(),
                    caller != null ? new PhoneNumber(caller, false) : c.callerNumber(),
                    destination != null ? new PhoneNumber(destination, false) : c.destinationNumber(),
                    c.direction(), c.callStart(), c.ringStart(), c.answerStart(), c.callEnd(), c.duration(),
                    c.recording(), c.clickToCall(), caller != null || destination != null ? null : c.clickToCallData(),
                    c.action());
        }).toList();
    }
}
