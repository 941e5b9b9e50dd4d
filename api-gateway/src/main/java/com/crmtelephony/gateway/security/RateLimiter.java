package com.crmtelephony.gateway.security;

import reactor.core.publisher.Mono;

/** A token bucket per name: an API key's, a source address. */
interface RateLimiter {

    /** @return 0 when the request may go ahead, else the seconds until the name has a token again */
    Mono<Long> acquire(String name);

    /** The same under a limit of the name's own (a tenant's rate share) instead of the configured one. */
    Mono<Long> acquire(String name, GatewaySecurityProperties.RateLimit limit);
}
