package com.crmtelephony.support.registry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.support.remote.RemoteCalls;
import com.crmtelephony.support.remote.RemoteCallsAutoConfiguration;
import com.crmtelephony.support.shares.SharesAutoConfiguration;
import com.crmtelephony.support.shares.TenantShares;

/**
 * {@link TenantProfiles} for a service with {@code crm.registry.profiles.enabled} (one that keys
 * numbers in a tenant's region, or holds its shares): its shares then come from the registry first.
 * The service names tenant-service in {@code crm.tokens.send-to}: the registry believes its token.
 */
@AutoConfiguration(after = {RemoteCallsAutoConfiguration.class, SharesAutoConfiguration.class})
@ConditionalOnProperty(name = "crm.registry.profiles.enabled", havingValue = "true")
@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
@EnableConfigurationProperties(RegistryProfilesProperties.class)
@ImportHttpServices(group = TenantProfiles.REGISTRY, types = ProfilesApi.class)
public class RegistryProfilesAutoConfiguration {

    @Bean
    TenantProfiles tenantProfiles(ProfilesApi registry, RemoteCalls remote, RegistryProfilesProperties properties,
                                  TenantShares shares) {
        TenantProfiles profiles = new TenantProfiles(registry::profile, remote, properties);
        shares.readFrom(profiles::share);
        return profiles;
    }
}
