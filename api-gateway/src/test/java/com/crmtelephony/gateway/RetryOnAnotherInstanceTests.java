package com.crmtelephony.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of "cdr-service", one of them gone (its port refuses): every request, a POST with
 * its body too, reaches the live one once, through config-repo's retry policy. An instance's own
 * answer, a 503 among them, is passed on as it is and not sent again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/api-gateway.yml",
        "spring.cloud.loadbalancer.cache.enabled=false",
        "management.server.port=0"})
class RetryOnAnotherInstanceTests extends GatewayTest {

    @DynamicPropertySource
    static void deadInstance(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("spring.cloud.discovery.client.simple.instances.cdr-service[1].uri", () -> "http://127.0.0.1:" + closed);
    }

    @AfterEach
    void answerOk() {
        downstream.status = 200;
    }

    @Test
    void aRequestTheDeadInstanceRefusedGoesToTheLiveOneWithItsBody() {
        for (int i = 0; i < 10; i++) {
            String body = "[{\"uuid\":\"retry-" + i + "\"}]";
            client.post().uri("/cdr-service/cdr/post").header("X-API-Key", "crm-demo-tenant1-key")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isOk();
            client.get().uri("/cdr-service/cdr/get?page=" + i).header("X-API-Key", "crm-demo-tenant1-key").exchange()
                    .expectStatus().isOk();
        }
        assertThat(downstream.received).hasSize(20);
        assertThat(downstream.received.stream().filter(r -> r.uri().equals("/cdr/post")).map(Downstream.Received::body))
                .containsExactly(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "[{\"uuid\":\"retry-" + i + "\"}]")
                        .toArray(String[]::new));
    }

    @Test
    void concurrentRequestsRetriedAtOnceAllAvoidTheInstanceThatRefusedThem() {
        // Round robin alone hands a retry whatever position is next: with requests in flight
        // together that is the dead instance again as often as not (and three times running for
        // about one refused request in eight). Each retry must skip what already refused it.
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, 120)
                .flatMap(i -> web.post().uri("/cdr-service/cdr/post").header("X-API-Key", "crm-demo-tenant1-key")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("[{\"uuid\":\"together-" + i + "\"}]")
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 40)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(statuses).hasSize(120).containsOnly(200);
        assertThat(downstream.received).hasSize(120);
    }

    @Test
    void anInstancesOwnAnswerIsNotRetried() {
        downstream.status = 503;
        for (int i = 0; i < 4; i++) {
            client.get().uri("/cdr-service/cdr/get").header("X-API-Key", "crm-demo-tenant1-key").exchange()
                    .expectStatus().isEqualTo(503);
        }
        // Each reached the live instance once (or the dead one, refused, then the live one once).
        assertThat(downstream.received).hasSize(4);
    }
}
