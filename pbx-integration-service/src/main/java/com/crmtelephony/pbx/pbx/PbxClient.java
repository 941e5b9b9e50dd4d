package com.crmtelephony.pbx.pbx;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import org.springframework.web.service.registry.ImportHttpServices;

import com.crmtelephony.pbx.connection.Connection;
import com.crmtelephony.pbx.connection.Connections;
import com.crmtelephony.pbx.connection.RegistryProperties;
import com.crmtelephony.pbxcontract.PbxCall;
import com.crmtelephony.support.errors.ConflictException;
import com.crmtelephony.support.remote.RemoteCalls;

/**
 * The PBXes' HTTP API, each tenant's at its own connection's URL (the tenant registry's), with its
 * credentials. The configured PBX (PBX_URL, a service id through Eureka or a URL) is the HTTP
 * service group {@code pbx}, under the resilience instances named {@code pbx} (config-repo), and
 * serves tenants that have no connection of their own. Every other PBX has resilience instances
 * of its own ({@code pbx@host:port}): one PBX that fails opens no circuit for another's tenants.
 * Works with PBXes that know only the original API ({@code /get_cdr}, {@code /trigger_webhooks})
 * and with those that also page ({@code /cdrs}) and take webhook subscriptions.
 */
@Component
@ImportHttpServices(group = PbxClient.PBX, types = PbxApi.class)
public class PbxClient {

    static final String PBX = "pbx";

    /** A PBX as called: its API and the name of its resilience instances. */
    private record Target(PbxApi api, String resilience) {
    }

    private final PbxApi configured;
    private final RemoteCalls remote;
    private final Connections connections;
    private final RestClient.Builder rest;
    private final RegistryProperties properties;
    /** One client per PBX URL and credentials: bounded by the registry's connections. */
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    PbxClient(PbxApi configured, RemoteCalls remote, Connections connections, RestClient.Builder rest,
              RegistryProperties properties) {
        this.configured = configured;
        this.remote = remote;
        this.connections = connections;
        this.rest = rest;
        this.properties = properties;
    }

    /** The tenant's PBX: its connection's, else the configured one (also for a request that names no tenant). */
    private Target target(UUID tenant) {
        Connection connection = tenant == null ? null : connections.of(tenant).orElse(null);
        return connection == null ? new Target(configured, PBX) : target(connection);
    }

    private Target target(Connection connection) {
        if (connection.baseUrl().equals(connections.configuredUrl()) && connection.credentials() == null) {
            return new Target(configured, PBX);
        }
        return targets.computeIfAbsent(connection.baseUrl() + " " + connection.credentials(), k -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(properties.pbxTimeout()).build();
            JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
            factory.setReadTimeout(properties.pbxTimeout());
            RestClient.Builder builder = rest.clone().baseUrl(connection.baseUrl()).requestFactory(factory);
            if (connection.credentials() != null) {
                builder.defaultHeader(HttpHeaders.AUTHORIZATION, connection.credentials());
            }
            PbxApi api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(builder.build())).build()
                    .createClient(PbxApi.class);
            return new Target(api, "pbx@" + URI.create(connection.baseUrl()).getRawAuthority());
        });
    }

    /** A call to the tenant's PBX, its outcome noted for the connection's status. */
    private <T> T call(UUID tenant, Target target, Supplier<T> call) {
        try {
            T answer = remote.call(target.resilience(), call);
            connections.pulled(tenant);
            return answer;
        } catch (RuntimeException e) {
            connections.failed(tenant, e.getMessage());
            throw e;
        }
    }

    /** The original API's answer as the PBX gave it: body and Tenant-UUID header. */
    public ResponseEntity<JsonNode> getCdr(UUID tenant) {
        Target target = target(tenant);
        return forTenant(tenant, call(tenant, target, () -> target.api().getCdr(tenant)));
    }

    public ResponseEntity<JsonNode> triggerWebhooks(UUID tenant) {
        Target target = target(tenant);
        return remote.call(target.resilience(), () -> target.api().triggerWebhooks(tenant));
    }

    /**
     * One page of calls changed after {@code since}; from a PBX without {@code /cdrs}, all of
     * its calls at once, with no cursor.
     */
    public CallPage calls(UUID tenant, long since, int limit) {
        Target target = target(tenant);
        ResponseEntity<JsonNode> answer = forTenant(tenant, call(tenant, target, () -> {
            try {
                return target.api().cdrs(tenant, since, limit);
            } catch (HttpClientErrorException.NotFound | HttpClientErrorException.MethodNotAllowed unsupported) {
                // The original PBX: /get_cdr is all there is. (An unknown tenant is a 404 there too.)
                return target.api().getCdr(tenant);
            }
        }));
        JsonNode page = answer.getBody();
        JsonNode next = page.get("next");
        JsonNode epoch = page.get("epoch");
        return new CallPage(page.get("total").asLong(), next == null || next.isNull() ? null : next.asLong(),
                epoch == null || epoch.isNull() ? null : epoch.asString(), page.get("data"));
    }

    /**
     * A PBX answers for the tenant it names in Tenant-UUID. A single-tenant PBX names its own
     * whatever it was asked: its answer is then not the asked tenant's, and nothing of it goes on
     * (409, naming both), or one tenant could read, and store, another's calls.
     */
    private ResponseEntity<JsonNode> forTenant(UUID asked, ResponseEntity<JsonNode> answer) {
        String named = answer.getHeaders().getFirst(PbxCall.TENANT_HEADER);
        if (asked != null && named != null && !named.trim().equalsIgnoreCase(asked.toString())) {
            String detail = "The PBX answered for tenant " + named.trim() + ", not for tenant " + asked
                    + ": nothing of its answer is passed on or stored";
            connections.failed(asked, detail);
            throw new ConflictException(detail);
        }
        return answer;
    }

    /** The tenants whose calls are pulled: each connection's (each PBX is asked for its own tenants only). */
    public List<UUID> tenants() {
        return connections.served();
    }

    /**
     * Subscribes the callback at the connection's PBX: for the tenant only, with its secret (a
     * connection of the registry), or for every tenant with the shared secret (the configured PBX
     * before the registry has it: {@code tenant} null).
     *
     * @return false when the PBX takes no subscriptions (the original PBX)
     */
    public boolean subscribe(Connection connection, UUID tenant, String url, String secret) {
        Target target = target(connection);
        return remote.call(target.resilience(), () -> {
            try {
                Map<String, String> subscription = new java.util.LinkedHashMap<>();
                subscription.put("url", url);
                subscription.put("secret", secret == null ? "" : secret);
                if (tenant != null) {
                    subscription.put("tenant", tenant.toString());
                }
                target.api().subscribe(subscription);
                return true;
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode() == HttpStatus.NOT_FOUND || e.getStatusCode() == HttpStatus.METHOD_NOT_ALLOWED) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * {@code next} is the cursor for the following page; null when the PBX cannot page.
     * {@code epoch}: the PBX's name for its feed's numbering, which a restarted PBX changes
     * (null when it names none): a cursor of another epoch means nothing.
     */
    public record CallPage(long total, Long next, String epoch, JsonNode data) {
    }
}
