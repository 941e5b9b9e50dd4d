package com.crmtelephony.configuration;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The default (native) profile serves this project's own config-repo/. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.server.native.search-locations=file:../config-repo/",
        "eureka.client.enabled=false"})
class NativeConfigRepositoryTests {

    @LocalServerPort
    int port;

    @Test
    void servesSharedAndServiceSpecificFilesOfTheProjectRepository() {
        Map<String, Object> env = RestClient.create("http://localhost:" + port)
                .get().uri("/api-gateway/default").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(env).isNotNull();
        String sources = String.valueOf(env.get("propertySources"));
        assertThat(sources).contains("api-gateway.yml").contains("application.yml")
                .contains("spring.cloud.gateway.server.webflux.routes[0].uri=lb://cdr-service");
    }

    @Test
    void dockerProfilePointsServicesAtContainerHosts() {
        String env = RestClient.create("http://localhost:" + port)
                .get().uri("/cdr-service/docker").retrieve().body(String.class);
        assertThat(env).contains("jdbc:postgresql://postgres:5432/cdr")
                .contains("http://discovery-server:8761/eureka/");
    }
}
