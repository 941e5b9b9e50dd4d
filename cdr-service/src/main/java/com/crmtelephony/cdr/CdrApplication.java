package com.crmtelephony.cdr;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableFeignClients
@EnableScheduling
public class CdrApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdrApplication.class, args);
    }

    /** Sync times come from this clock; tests may fix it. */
    @Bean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /**
     * Answers leave whole, with Content-Length, not chunked after the JSON converter's flush: a
     * small answer is one TCP segment, which the gateway forwards in one piece too (bench/RESULTS.md,
     * gateway overhead). GET answers carry an ETag; a matching If-None-Match gets 304 and no body.
     */
    @Bean
    ShallowEtagHeaderFilter wholeAnswers() {
        return new ShallowEtagHeaderFilter();
    }
}
