package com.crmtelephony.support.web;

import java.util.Locale;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v2/api-docs} (compat): the replaced system documented every service's API there. It
 * answers with the OpenAPI 3 document of {@code /v3/api-docs}, made by springdoc for this
 * request, so its server URL points where the request came from (through the gateway too).
 */
@RestController
@Hidden
class ApiDocsCompat {

    static final String PATH = "/v2/api-docs";

    private final OpenApiWebMvcResource docs;

    ApiDocsCompat(OpenApiWebMvcResource docs) {
        this.docs = docs;
    }

    @GetMapping(value = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] v2(HttpServletRequest request, Locale locale) throws Exception {
        return docs.openapiJson(request, PATH, locale);
    }
}
