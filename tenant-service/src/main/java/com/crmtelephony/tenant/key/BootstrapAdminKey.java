package com.crmtelephony.tenant.key;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.crmtelephony.tenant.TenantProperties;

/**
 * An empty registry has no admin to issue the first key: the environment's bootstrap admin key
 * (its HMAC, BOOTSTRAP_ADMIN_KEY_HMAC) is added while no unrevoked admin key exists. Once revoked
 * it stays revoked, however often the service starts with it.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final Keys keys;
    private final TenantProperties properties;

    BootstrapAdminKey(Keys keys, TenantProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String hmac = properties.bootstrapAdminKeyHmac();
        if (hmac != null && keys.bootstrap(hmac)) {
            log.info("The bootstrap admin key was added: the registry held no admin key");
        }
    }
}
