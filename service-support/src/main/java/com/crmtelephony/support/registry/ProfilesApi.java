package com.crmtelephony.support.registry;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/** tenant-service's {@code GET /profiles/{id}}, called with this service's own token. */
public interface ProfilesApi {

    @GetExchange("/profiles/{id}")
    JsonNode profile(@PathVariable("id") UUID id);
}
