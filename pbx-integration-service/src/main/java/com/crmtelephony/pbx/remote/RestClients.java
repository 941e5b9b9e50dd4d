package com.crmtelephony.pbx.remote;

import java.net.http.HttpClient;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import com.crmtelephony.pbx.PbxIntegrationProperties;

/** HTTP clients with timeouts: one resolving service ids through Eureka, one for plain URLs. */
@Configuration(proxyBeanMethods = false)
class RestClients {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced(PbxIntegrationProperties properties) {
        return builder(properties);
    }

    @Bean
    @Primary
    RestClient.Builder plain(PbxIntegrationProperties properties) {
        return builder(properties);
    }

    private static RestClient.Builder builder(PbxIntegrationProperties properties) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
        factory.setReadTimeout(properties.timeout());
        return RestClient.builder().requestFactory(factory);
    }
}
