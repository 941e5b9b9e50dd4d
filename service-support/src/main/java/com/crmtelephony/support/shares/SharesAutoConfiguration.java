package com.crmtelephony.support.shares;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Every service's {@link TenantShares}, from config-repo's {@code crm.shares}. */
@AutoConfiguration
@EnableConfigurationProperties(TenantShares.class)
public class SharesAutoConfiguration {
}
