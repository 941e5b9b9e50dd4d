package com.crmtelephony.phonebook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PhonebookApplication {

    public static void main(String[] args) {
        SpringApplication.run(PhonebookApplication.class, args);
    }

    /** Whole answers with Content-Length and ETag, as in cdr-service. */
    @Bean
    ShallowEtagHeaderFilter wholeAnswers() {
        return new ShallowEtagHeaderFilter();
    }
}
