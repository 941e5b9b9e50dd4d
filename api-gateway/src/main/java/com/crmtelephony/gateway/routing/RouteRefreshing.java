package com.crmtelephony.gateway.routing;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.ParentHeartbeatEvent;
import org.springframework.cloud.gateway.route.RouteRefreshListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Routes are rebuilt when the configuration changes (a start, a refresh), not on every registry
 * fetch. Gateway's own listener rebuilds every route, filter chain included, on each Eureka
 * cache refresh (its heartbeat counter always moves): every 5 s at rest. The routes here name
 * services ({@code lb://}), resolved per request by the load balancer, so a fetch changes none
 * of them. Gateway's listener is off (config-repo api-gateway.yml, route-refresh-listener).
 */
@Configuration(proxyBeanMethods = false)
class RouteRefreshing {

    @Bean
    RouteRefreshListener routesRefreshedOnConfigurationChange(ApplicationEventPublisher publisher) {
        return new RouteRefreshListener(publisher) {
            @Override
            public void onApplicationEvent(ApplicationEvent event) {
                if (!(event instanceof HeartbeatEvent) && !(event instanceof ParentHeartbeatEvent)) {
                    super.onApplicationEvent(event);
                }
            }
        };
    }
}
