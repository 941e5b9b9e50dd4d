package com.crmtelephony.pbx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PbxIntegrationApplication {

    public static void main(String[] args) {
        SpringApplication.run(PbxIntegrationApplication.class, args);
    }
}
