package com.crmtelephony.phonebook;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion  ISO 3166 region for numbers written without a country code
 * @param tenantRegions  per-tenant overrides of {@code defaultRegion}
 * @param maxPageSize    the largest {@code size} of one page of records
 * @param maxListSize    most records (or numbers) in one list request
 * @param maxImportRows  most data rows in one CSV import
 */
@ConfigurationProperties("crm.phonebook")
public record PhonebookProperties(
        @DefaultValue("CY") String defaultRegion,
        Map<UUID, String> tenantRegions,
        @DefaultValue("1000") int maxPageSize,
        @DefaultValue("10000") int maxListSize,
        @DefaultValue("100000") int maxImportRows) {

    public PhonebookProperties {
        tenantRegions = tenantRegions == null ? Map.of() : Map.copyOf(tenantRegions);
    }

    public String regionOf(UUID tenant) {
        return tenantRegions.getOrDefault(tenant, defaultRegion);
    }
}
