package com.crmtelephony.gateway.security;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The gateway's access policy as one ordered list of path rules ({@code crm.gateway.access} in
 * config-repo): the first rule whose path matches says who may call. A path no rule names is the
 * gateway's own (its API document page) and open. Every filter that cares asks this table; none
 * asks another filter. The table is matched once per request: the answer stays with the exchange.
 */
public final class AccessRules {

    /** Who may call a path. */
    public enum Access {
        /** A service's own actuator: operators only, on the service's port; 404 here. */
        INTERNAL(false),
        /** Open to anyone: the services' API documents. Matched exactly, case and all. */
        PUBLIC(true),
        /** The PBX's webhook: authenticated by its signature downstream, rate-limited per source here. Exact. */
        WEBHOOK(true),
        /** Cross-tenant endpoints: admin keys only. Matched ignoring case. */
        ADMIN(false),
        /** Everything routed: any valid key, for its own tenant (admin keys for any). Matched ignoring case. */
        TENANT(false),
        /** No rule: the gateway's own pages. */
        OPEN(true);

        /**
         * Allow-lists match exactly; what they guard matches ignoring case, so no spelling of a
         * guarded path that some router might accept slips past as a lesser one.
         */
        private final boolean caseSensitive;

        Access(boolean caseSensitive) {
            this.caseSensitive = caseSensitive;
        }
    }

    /** One line of the policy: these paths (Spring path patterns) get this access. */
    public record Rule(Access access, List<String> paths) {
    }

    private record Compiled(Access access, List<PathPattern> patterns) {
    }

    private static final String ATTRIBUTE = AccessRules.class.getName();

    private final List<Compiled> rules;

    public AccessRules(List<Rule> rules) {
        this.rules = rules.stream().map(rule -> {
            PathPatternParser parser = new PathPatternParser();
            parser.setCaseSensitive(rule.access().caseSensitive);
            return new Compiled(rule.access(), rule.paths().stream().map(parser::parse).toList());
        }).toList();
    }

    public Access access(ServerWebExchange exchange) {
        Access known = exchange.getAttribute(ATTRIBUTE);
        if (known == null) {
            // The path as the router's predicates read it: the raw request URI's, never one a
            // forwarded prefix or a context path has shaped.
            known = access(PathContainer.parsePath(exchange.getRequest().getURI().getRawPath()));
            exchange.getAttributes().put(ATTRIBUTE, known);
        }
        return known;
    }

    public Access access(PathContainer path) {
        for (Compiled rule : rules) {
            for (PathPattern pattern : rule.patterns()) {
                if (pattern.matches(path)) {
                    return rule.access();
                }
            }
        }
        return Access.OPEN;
    }
}
