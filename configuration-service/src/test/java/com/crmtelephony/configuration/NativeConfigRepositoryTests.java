package com.crmtelephony.configuration;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The default (native) profile serves this project's own config-repo/. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.server.native.search-locations=file:../config-repo/",
        "eureka.client.enabled=false"})
class NativeConfigRepositoryTests {

    static final String PASSWORD = "test-only-config-password";

    /** A config client: it sends the config server's credentials. */
    RestClient client() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("config", PASSWORD)).build();
    }

    @LocalServerPort
    int port;

    @Test
    void servesSharedAndServiceSpecificFilesOfTheProjectRepository() {
        Map<String, Object> env = client()
                .get().uri("/api-gateway/default").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(env).isNotNull();
        String sources = String.valueOf(env.get("propertySources"));
        assertThat(sources).contains("api-gateway.yml").contains("application.yml")
                .contains("spring.cloud.gateway.server.webflux.routes[0].uri=lb://cdr-service");
    }

    @Test
    void dockerProfilePointsServicesAtContainerHosts() {
        String env = client()
                .get().uri("/cdr-service/docker").retrieve().body(String.class);
        assertThat(env).contains("jdbc:postgresql://postgres:5432/cdr")
                .contains("@discovery-server:8761/eureka/");
    }

    @Test
    void withoutItsCredentialsNoConfigurationIsServedButHealthIs() {
        RestClient anonymous = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        RestClient wrong = anonymous.mutate().defaultHeaders(h -> h.setBasicAuth("config", "guessed")).build();
        for (RestClient client : new RestClient[] {anonymous, wrong}) {
            for (String path : new String[] {"/api-gateway/default", "/cdr-service/demo", "/actuator/env"}) {
                assertThat(client.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value())
                        .as(path).isEqualTo(401);
            }
        }
        assertThat(anonymous.get().uri("/actuator/health/readiness").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(200);
    }
}
