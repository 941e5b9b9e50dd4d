package com.crmtelephony.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rendered manifests as fabric8's typed model, and the project's own files they answer to. */
final class Manifests {

    /** The repository (surefire runs in the module's folder, deploy/). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String SUITE = "crm-telephony";
    /** Kubernetes' {@code $(VAR)} in an env value: a variable set before it in the same container. */
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    private Manifests() {
    }

    /** An overlay rendered and read into the typed model, document by document. */
    static List<HasMetadata> typed(String overlay) {
        List<HasMetadata> resources = new ArrayList<>();
        for (Map<String, Object> doc : Kustomize.build(KUBERNETES.resolve(overlay))) {
            resources.add(Serialization.unmarshal(Serialization.asJson(doc)));
        }
        return resources;
    }

    /** A Deployment's or StatefulSet's name, labels and pod template. */
    record Workload(String name, Map<String, String> labels, PodTemplateSpec template) {
        Container app() {
            return template.getSpec().getContainers().stream().filter(c -> c.getName().equals("app")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no container named app"));
        }
    }

    /** Every Deployment and StatefulSet, in the order the overlay renders them. */
    static List<Workload> workloads(List<HasMetadata> resources) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata resource : resources) {
            if (resource instanceof Deployment d) {
                workloads.add(new Workload(d.getMetadata().getName(), d.getMetadata().getLabels(), d.getSpec().getTemplate()));
            } else if (resource instanceof StatefulSet s) {
                workloads.add(new Workload(s.getMetadata().getName(), s.getMetadata().getLabels(), s.getSpec().getTemplate()));
            }
        }
        return workloads;
    }

    /** The suite's own services (not the dev overlay's PostgreSQL, Redis, RabbitMQ and Zipkin). */
    static List<Workload> suite(List<HasMetadata> resources) {
        return workloads(resources).stream().filter(w -> SUITE.equals(w.labels().get(PART_OF))).toList();
    }

    /** The ConfigMap crm-settings as rendered. */
    static Map<String, String> settings(List<HasMetadata> resources) {
        return resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals("crm-settings")).findFirst().orElseThrow().getData();
    }

    /**
     * Fields the typed model did not know, each as its path: fabric8 keeps them aside in
     * {@code additionalProperties} rather than refuse them, so the model is walked for them.
     */
    static List<String> unknownFields(Object model, String path) {
        List<String> unknown = new ArrayList<>();
        walk(model, path, unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                walk(field, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** A service's own settings, then config-repo's for it, then config-repo's shared ones. */
    static List<Map<String, Object>> settingsOf(String service) {
        List<Map<String, Object>> sources = new ArrayList<>();
        sources.add(firstDocument(ROOT.resolve(service + "/src/main/resources/application.yml")));
        Path own = ROOT.resolve("config-repo/" + service + ".yml");
        if (own.toFile().exists()) {
            sources.add(firstDocument(own));
        }
        sources.add(firstDocument(ROOT.resolve("config-repo/application.yml")));
        return sources;
    }

    /** A setting's value where it is first set, with a placeholder's default in place of it. */
    static Optional<String> setting(String service, String dottedName) {
        for (Map<String, Object> source : settingsOf(service)) {
            Object value = lookUp(source, dottedName);
            if (value != null) {
                return Optional.of(withDefaults(String.valueOf(value)));
            }
        }
        return Optional.empty();
    }

    private static Object lookUp(Map<String, Object> source, String dottedName) {
        if (source.containsKey(dottedName)) {
            return source.get(dottedName);
        }
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            if (dottedName.startsWith(entry.getKey() + ".") && entry.getValue() instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Object found = lookUp((Map<String, Object>) child, dottedName.substring(entry.getKey().length() + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String withDefaults(String value) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(
                    placeholder.group(2) == null ? "" : placeholder.group(2)));
        }
        return placeholder.appendTail(resolved).toString();
    }

    private static Map<String, Object> firstDocument(Path file) {
        List<Map<String, Object>> docs = Kustomize.read(file);
        return docs.isEmpty() ? new LinkedHashMap<>() : docs.get(0);
    }
}
