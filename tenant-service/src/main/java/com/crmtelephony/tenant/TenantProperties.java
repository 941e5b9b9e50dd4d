package com.crmtelephony.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The registry's settings ({@code crm.tenants}, defaults in config-repo's tenant-service.yml).
 *
 * @param defaultRegion   a new tenant's region when it names none (ISO 3166 alpha-2)
 * @param defaultTimeZone a new tenant's time zone when it names none (IANA)
 * @param keySecret       the secret keys are stored under (HMAC-SHA256), the gateway's API_KEY_SECRET; no default
 * @param keysPerTenant   how many unrevoked keys a tenant may hold (admin keys: as many)
 * @param bootstrapAdminKeyHmac the HMAC of the admin key an empty registry starts with; none: no bootstrap key
 */
@ConfigurationProperties("crm.tenants")
public record TenantProperties(
        @DefaultValue("CY") String defaultRegion,
        @DefaultValue("Europe/Nicosia") String defaultTimeZone,
        String keySecret,
        @DefaultValue("50") int keysPerTenant,
        String bootstrapAdminKeyHmac) {

    public TenantProperties {
        if (bootstrapAdminKeyHmac != null && bootstrapAdminKeyHmac.isBlank()) {
            bootstrapAdminKeyHmac = null;
        }
        if (bootstrapAdminKeyHmac != null) {
            String normalised = KeyHmac.normalised(bootstrapAdminKeyHmac);
            if (normalised == null) {
                throw new IllegalStateException("BOOTSTRAP_ADMIN_KEY_HMAC (crm.tenants.bootstrap-admin-key-hmac) must be 64 hex "
                        + "digits: the HMAC-SHA256 of the key under API_KEY_SECRET");
            }
            bootstrapAdminKeyHmac = normalised;
        }
        if (keySecret == null || keySecret.isBlank()) {
            throw new IllegalStateException("No key secret: set API_KEY_SECRET (crm.tenants.key-secret), the gateway's");
        }
    }
}
