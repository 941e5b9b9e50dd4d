package com.crmtelephony.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import com.crmtelephony.support.token.TokenProperties;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(TokenProperties.class)
public class GatewayApplication {

    /** Reactor Netty's system property; its default is at least four event loops. */
    private static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        // The gateway never blocks an event loop, so one loop per core is enough; the default's
        // extra loops on a small host only add thread switches (bench/RESULTS.md, gateway overhead).
        if (System.getProperty(IO_WORKERS) == null) {
            System.setProperty(IO_WORKERS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
