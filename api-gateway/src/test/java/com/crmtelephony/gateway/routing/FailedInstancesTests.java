package com.crmtelephony.gateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class FailedInstancesTests {

    static final ServiceInstance ONE = new DefaultServiceInstance("1", "cdr-service", "127.0.0.1", 8901, false);
    static final ServiceInstance TWO = new DefaultServiceInstance("2", "cdr-service", "127.0.0.1", 8902, false);

    @Test
    void aFirstAttemptMayGoAnywhere() {
        assertThat(FailedInstances.without(List.of(ONE, TWO), request(new HashMap<>()))).containsExactly(ONE, TWO);
    }

    @Test
    void aRetrySkipsTheInstanceItFailedOn() {
        assertThat(FailedInstances.without(List.of(ONE, TWO), request(failed("127.0.0.1:8901")))).containsExactly(TWO);
    }

    @Test
    void aRequestThatFailedOnEveryInstanceMayTryAnyAgain() {
        assertThat(FailedInstances.without(List.of(ONE, TWO), request(failed("127.0.0.1:8901", "127.0.0.1:8902"))))
                .containsExactly(ONE, TWO);
    }

    @Test
    void aRequestWithoutTheGatewaysContextIsLeftAlone() {
        assertThat(FailedInstances.without(List.of(ONE, TWO), new DefaultRequest<>())).containsExactly(ONE, TWO);
    }

    private static Map<String, Object> failed(String... instances) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(FailedInstances.ATTRIBUTE, Set.of(instances));
        return attributes;
    }

    private static DefaultRequest<RequestDataContext> request(Map<String, Object> attributes) {
        return new DefaultRequest<>(new RequestDataContext(new RequestData(HttpMethod.GET,
                java.net.URI.create("lb://cdr-service/cdr/get"), new HttpHeaders(), new LinkedMultiValueMap<>(), attributes)));
    }
}
