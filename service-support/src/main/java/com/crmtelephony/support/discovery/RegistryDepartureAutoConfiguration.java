package com.crmtelephony.support.discovery;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.annotation.Bean;

/** {@link RegistryDeparture} in every service that registers itself (Eureka). */
@AutoConfiguration(afterName = {"org.springframework.cloud.netflix.eureka.EurekaClientAutoConfiguration",
        "org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.cloud.client.serviceregistry.ServiceRegistry")
public class RegistryDepartureAutoConfiguration {

    @Bean
    @ConditionalOnBean({ServiceRegistry.class, Registration.class})
    RegistryDeparture registryDeparture(ServiceRegistry<? extends Registration> registry, Registration registration) {
        return new RegistryDeparture(registry, registration);
    }
}
