package com.crmtelephony.discovery;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiscoveryServerApplicationTests {

    @LocalServerPort
    int port;

    @Test
    void servesAnEmptyRegistryAndHealth() {
        RestClient client = RestClient.create("http://localhost:" + port);
        String apps = client.get().uri("/eureka/apps").header("Accept", "application/json")
                .retrieve().body(String.class);
        assertThat(apps).contains("\"applications\"");
        String health = client.get().uri("/actuator/health/readiness").retrieve().body(String.class);
        assertThat(health).contains("UP");
    }
}
