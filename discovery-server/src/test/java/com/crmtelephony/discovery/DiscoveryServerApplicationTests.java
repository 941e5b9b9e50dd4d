package com.crmtelephony.discovery;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry: open for health only; registrations, status changes and reads need its credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.register-with-eureka=false")
class DiscoveryServerApplicationTests {

    static final String PASSWORD = "test-only-eureka-password";
    static final String FAKE_INSTANCE = """
            {"instance":{"instanceId":"evil:cdr-service:6666","hostName":"127.0.0.1","app":"CDR-SERVICE",
             "ipAddr":"127.0.0.1","status":"UP","port":{"$":6666,"@enabled":"true"},
             "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}""";

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    RestClient anonymous;
    RestClient withCredentials;

    @BeforeEach
    void clients() {
        anonymous = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        withCredentials = anonymous.mutate().defaultHeaders(h -> h.setBasicAuth("eureka", PASSWORD)).build();
    }

    private int status(RestClient client, String method, String path, String body) {
        var request = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }

    @Test
    void servesTheRegistryWithItsCredentialsAndHealthWithout() {
        String apps = withCredentials.get().uri("/eureka/apps").header("Accept", "application/json")
                .retrieve().body(String.class);
        assertThat(apps).contains("\"applications\"");
        assertThat(status(anonymous, "GET", "/actuator/health/readiness", null)).isEqualTo(200);
    }

    @Test
    void withoutCredentialsNoOneReadsRegistersOrChangesAStatus() {
        var wrong = anonymous.mutate().defaultHeaders(h -> h.setBasicAuth("eureka", "guessed")).build();
        for (RestClient client : new RestClient[] {anonymous, wrong}) {
            assertThat(status(client, "GET", "/eureka/apps", null)).isEqualTo(401);
            assertThat(status(client, "POST", "/eureka/apps/CDR-SERVICE", FAKE_INSTANCE)).isEqualTo(401);
            assertThat(status(client, "PUT", "/eureka/apps/CDR-SERVICE/evil:cdr-service:6666/status?value=OUT_OF_SERVICE", null))
                    .isEqualTo(401);
            assertThat(status(client, "GET", "/", null)).as("the dashboard").isEqualTo(401);
        }
        assertThat(status(withCredentials, "GET", "/eureka/apps/CDR-SERVICE", null)).as("nothing registered").isEqualTo(404);
    }

    /**
     * Issue 40: every heartbeat and registry read of every client is checked; the check is a
     * digest comparison (MachineCredentials), never a password encoder such as BCrypt, and no
     * user store exists whose password Spring Security could upgrade to one at its first use.
     */
    @Test
    void theCredentialCheckIsADigestComparisonNotAPasswordHash() {
        for (int i = 0; i < 3; i++) {
            assertThat(status(withCredentials, "GET", "/eureka/apps", null)).isEqualTo(200);
        }
        assertThat(context.getBeansOfType(org.springframework.security.authentication.AuthenticationProvider.class).values())
                .singleElement().isInstanceOf(com.crmtelephony.support.security.MachineCredentials.class);
        assertThat(context.getBeansOfType(org.springframework.security.core.userdetails.UserDetailsService.class)).isEmpty();
        assertThat(context.getBeansOfType(org.springframework.security.crypto.password.PasswordEncoder.class)).isEmpty();
    }

    @Test
    void aClientWithCredentialsRegisters() {
        assertThat(status(withCredentials, "POST", "/eureka/apps/CDR-SERVICE", FAKE_INSTANCE)).isEqualTo(204);
        assertThat(status(withCredentials, "GET", "/eureka/apps/CDR-SERVICE", null)).isEqualTo(200);
        assertThat(status(withCredentials, "DELETE", "/eureka/apps/CDR-SERVICE/evil:cdr-service:6666", null)).isEqualTo(200);
    }
}
