package com.crmtelephony.mockpbx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MockPbxApplication {

    public static void main(String[] args) {
        SpringApplication.run(MockPbxApplication.class, args);
    }
}
