package com.crmtelephony.pbx;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PbxIntegrationApplication {

    public static void main(String[] args) {
        SpringApplication.run(PbxIntegrationApplication.class, args);
    }

    /** Webhook timestamps are checked against this clock; tests move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
