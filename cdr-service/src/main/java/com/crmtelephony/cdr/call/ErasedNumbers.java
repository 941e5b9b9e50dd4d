package com.crmtelephony.cdr.call;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import com.crmtelephony.support.numbers.PhoneNumbers;
import com.crmtelephony.support.registry.TenantProfiles;

/**
 * The numbers of erased people (V16, {@code erased_number}), kept only as HMACs under
 * {@code crm.privacy.pseudonym-key}, with the stable pseudonym that replaced them. A tombstone is
 * keyed on the number's <em>phone-book key</em> ({@link PhoneNumbers}: E.164 where the number is
 * possible for the tenant's region, else its digits), so every written form of an erased number
 * ({@code 0035799555123}, {@code +35799555123}, national {@code 99555123}) meets the same
 * tombstone and becomes the same pseudonym. Tombstones of the first erasures, keyed on each form
 * the calls held, are still read.
 * <p>
 * Every write of calls passes here first, in its transaction, under a shared lock of the tenant's
 * erasures; an erasure takes that lock exclusively. So a store either commits before the erasure
 * reads the calls (and is pseudonymised with them), or reads the erasure's tombstone: no call
 * committed during an erasure keeps the number.
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

    /**
     * The phone book's regions (config-repo {@code application.yml}, shared with phonebook-service),
     * for a tenant the tenant registry does not know; one it knows is read in the registry's region,
     * as the phone book reads it, so that a number is keyed here as the phone book keys it.
     *
     * @param defaultRegion ISO 3166 region for numbers written without a country code
     * @param tenantRegions per-tenant overrides
     */
    @ConfigurationProperties("crm.phonebook")
    public record NumberRegions(@DefaultValue("CY") String defaultRegion, Map<UUID, String> tenantRegions) {
        public NumberRegions {
            tenantRegions = tenantRegions == null ? Map.of() : Map.copyOf(tenantRegions);
        }

        String regionOf(UUID tenant) {
            return tenantRegions.getOrDefault(tenant, defaultRegion);
        }
    }

    private static final String PREFIX = "erased-";

    private final ErasedNumberRepository tombstones;
    private final SecretKeySpec key;
    private final NumberRegions regions;
    private final CallRepository calls;
    private final TenantProfiles profiles;

    ErasedNumbers(ErasedNumberRepository tombstones, PrivacyProperties properties, NumberRegions regions, CallRepository calls,
                  TenantProfiles profiles) {
        this.tombstones = tombstones;
        this.profiles = profiles;
        this.key = new SecretKeySpec(properties.pseudonymKey().strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.regions = regions;
        this.calls = calls;
    }

    /** The tombstone key of a value (a number's key, an old tombstone's form, an erasure's subject): never the value itself. */
    public String key(UUID tenant, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((tenant + "\n" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The phone book's key of a number as written ({@code +357 99 555123}, {@code 0035799555123}):
     * empty when it is no phone number.
     *
     * @throws com.crmtelephony.support.remote.DependencyUnavailableException when the registry has
     *         not said the tenant's region yet and cannot now: a number keyed in a guessed region
     *         could pass its tombstone, so nothing is stored until it can (503; the PBX's webhooks
     *         wait in pbx-integration-service's inbox)
     */
    public Optional<String> numberKey(UUID tenant, String written) {
        return PhoneNumbers.key(written, profiles.region(tenant, regions.regionOf(tenant)));
    }

    /** The key of a number as calls hold it (digits, {@code *}, {@code #}, a leading {@code +}): its digits when the phone book would refuse it. */
    private String storedKey(UUID tenant, String digits) {
        return numberKey(tenant, digits).orElse(digits);
    }

    /** The one pseudonym of a number, whichever form it is written in. */
    public String pseudonym(UUID tenant, String numberKey) {
        return PREFIX + key(tenant, "number:" + numberKey).substring(0, 16);
    }

    public static boolean isPseudonym(String number) {
        return number != null && number.startsWith(PREFIX);
    }

    /**
     * Holds the tenant's erasures' lock alone until the transaction ends: stores of the tenant wait,
     * and those that committed before are seen by the erasure's next statements.
     */
    public void lockForErasure(UUID tenant) {
        tombstones.lockExclusively(tenant);
    }

    /**
     * Remembers that a number is erased, under its key and each form the calls held it in, and
     * pseudonymises the tenant's calls that hold it in any form. Within {@link #lockForErasure}.
     *
     * @return the forms the calls held it in (its key among them), and how many calls changed
     */
    Pseudonymised erase(UUID tenant, String numberKey, Set<String> knownForms, String pseudonym) {
        Set<String> forms = new LinkedHashSet<>(knownForms);
        forms.add(numberKey);
        // Every number stored with the same last digits, kept where the phone book keys it the same.
        String digits = numberKey.replaceAll("[^0-9]", "");
        for (String stored : calls.numbersEndingWith(tenant, digits.substring(Math.max(0, digits.length() - 6)))) {
            if (storedKey(tenant, stored).equals(numberKey)) {
                forms.add(stored);
            }
        }
        for (String form : forms) {
            tombstones.remember(tenant, key(tenant, form), pseudonym);
        }
        return new Pseudonymised(forms, calls.pseudonymise(tenant, forms, pseudonym));
    }

    /** @param forms the written forms of the number, @param calls how many calls' parties became the pseudonym */
    record Pseudonymised(Set<String> forms, long calls) {
    }

    /**
     * The batch with every erased number, in whatever form, replaced by its pseudonym, and the
     * name of such a party dropped. Within the store's transaction: it takes the erasures' lock
     * shared first.
     */
    List<Call> pseudonymised(UUID tenant, List<Call> batch) {
        tombstones.lockShared(tenant);
        // A statement of its own after the lock: its snapshot sees an erasure that committed meanwhile.
        if (!tombstones.anyOf(tenant)) {
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
        // Each number under its key's tombstone key and under its own form's (the first erasures' tombstones).
        Map<String, List<String>> byKey = new HashMap<>();
        for (String number : numbers) {
            byKey.computeIfAbsent(key(tenant, storedKey(tenant, number)), k -> new ArrayList<>()).add(number);
            byKey.computeIfAbsent(key(tenant, number), k -> new ArrayList<>()).add(number);
        }
        Map<String, String> pseudonyms = new HashMap<>();
        tombstones.pseudonyms(tenant, byKey.keySet()).forEach((tombstone, pseudonym) -> {
            for (String number : byKey.get(tombstone)) {
                pseudonyms.putIfAbsent(number, pseudonym);
            }
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
                    c.recording(), c.clickToCall(), null, c.action());
        }).toList();
    }
}
