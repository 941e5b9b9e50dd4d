package com.crmtelephony.support.web;

import org.apache.catalina.core.StandardHost;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/** The edge rules of every servlet service: canonical paths first, then body limits. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebLimitsProperties.class)
public class ServiceSupportAutoConfiguration {

    /**
     * @param allowTrailingSlash {@code crm.web.paths.allow-trailing-slash}: only for a service whose
     *                           protocol ends paths with {@code /} (the Eureka registry)
     */
    @Bean
    FilterRegistrationBean<CanonicalPathFilter> canonicalPathFilter(
            @Value("${crm.web.paths.allow-trailing-slash:false}") boolean allowTrailingSlash) {
        FilterRegistrationBean<CanonicalPathFilter> registration =
                new FilterRegistrationBean<>(new CanonicalPathFilter(allowTrailingSlash));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Only where {@code crm.management.password} is set: the business services, whose shared
     * configuration sets it from {@code MANAGEMENT_PASSWORD}. The registry and the config server
     * guard everything but health with credentials of their own.
     */
    @Bean
    @ConditionalOnProperty(name = "crm.management.password")
    FilterRegistrationBean<ManagementCredentialsFilter> managementCredentialsFilter(
            @Value("${crm.management.user:management}") String user, @Value("${crm.management.password}") String password) {
        FilterRegistrationBean<ManagementCredentialsFilter> registration =
                new FilterRegistrationBean<>(new ManagementCredentialsFilter(user, password));
        // After Spring Security's filters (-100): see the filter.
        registration.setOrder(-50);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebLimitsProperties limits) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Answers leave whole, with Content-Length, not chunked after the JSON converter's flush: a
     * small answer is one TCP segment, which the gateway forwards in one piece too (bench/RESULTS.md,
     * gateway overhead). GET answers carry an ETag; a matching If-None-Match gets 304 and no body.
     * Streamed lists opt out ({@link StreamedJson}), event streams are never wrapped
     * ({@link WholeAnswersFilter}).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "crm.web.whole-answers", havingValue = "true", matchIfMissing = true)
    ShallowEtagHeaderFilter wholeAnswers(WebLimitsProperties web) {
        return new WholeAnswersFilter(web.eventStreams());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.jdbc.core.JdbcTemplate",
            "org.springframework.transaction.CannotCreateTransactionException"})
    @Import(DatabaseUnavailable.class)
    static class Database {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.webmvc.api.OpenApiWebMvcResource")
    @Import(ApiDocsCompat.class)
    static class ApiDocs {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrors {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
