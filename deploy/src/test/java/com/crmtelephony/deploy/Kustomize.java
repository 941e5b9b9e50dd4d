package com.crmtelephony.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the few features the manifests
 * use: resources (files and folders), components, a namespace, ConfigMap generators without a
 * name hash, strategic-merge patches (by target or by the patch's own kind and name), replica
 * counts and images (as {@code kustomize edit set image} writes them). Anything else in a kustomization fails the render rather than be left out: the tests
 * read what a cluster would get. Where kubectl is installed, {@code KustomizeTests} holds this
 * rendering to kubectl's own.
 */
final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "components",
            "namespace", "configMapGenerator", "patches", "replicas", "images");
    /** The lists a strategic merge merges item by item, and the field that names an item. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "ports", "containerPort");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "CustomResourceDefinition", "PriorityClass");

    private Kustomize() {
    }

    /** The documents the kustomization in {@code dir} renders, in kustomize's order. */
    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> kustomization = kustomization(dir, "Kustomization");
        List<Map<String, Object>> docs = new ArrayList<>();
        apply(dir, kustomization, docs);
        return docs;
    }

    private static void apply(Path dir, Map<String, Object> kustomization, List<Map<String, Object>> docs) {
        for (String resource : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(resource).normalize();
            docs.addAll(Files.isDirectory(path) ? build(path) : read(path));
        }
        for (String component : strings(kustomization.get("components"))) {
            Path path = dir.resolve(component).normalize();
            apply(path, kustomization(path, "Component"), docs);
        }
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            docs.add(configMap(dir, generator));
        }
        for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
            patch(dir, patch, docs);
        }
        for (Map<String, Object> replicas : maps(kustomization.get("replicas"))) {
            List<Map<String, Object>> scaled = docs.stream()
                    .filter(doc -> Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(doc.get("kind")))
                    .filter(doc -> replicas.get("name").equals(map(doc, "metadata").get("name"))).toList();
            if (scaled.isEmpty()) {
                throw new IllegalStateException("replicas for " + replicas.get("name") + ": no such workload");
            }
            scaled.forEach(doc -> map(doc, "spec").put("replicas", replicas.get("count")));
        }
        for (Map<String, Object> image : maps(kustomization.get("images"))) {
            setImage(docs, image);
        }
        if (kustomization.get("namespace") instanceof String namespace) {
            for (Map<String, Object> doc : docs) {
                if (doc.get("kind").equals("Namespace")) {
                    map(doc, "metadata").put("name", namespace);
                } else if (!CLUSTER_SCOPED.contains(doc.get("kind"))) {
                    map(doc, "metadata").put("namespace", namespace);
                }
            }
        }
    }

    /** Every container whose image is {@code name} (any tag) gets the new name, tag or digest. */
    @SuppressWarnings("unchecked")
    private static void setImage(List<Map<String, Object>> docs, Map<String, Object> image) {
        String name = (String) image.get("name");
        for (Map<String, Object> doc : docs) {
            Map<String, Object> pod = view(view(view(doc, "spec"), "template"), "spec");
            for (String list : List.of("containers", "initContainers")) {
                for (Map<String, Object> container : (List<Map<String, Object>>) pod.getOrDefault(list, List.of())) {
                    String current = (String) container.get("image");
                    String repository = current.replaceFirst("[:@].*$", "");
                    if (!repository.equals(name)) {
                        continue;
                    }
                    String tag = current.substring(repository.length());
                    String newName = image.get("newName") instanceof String given ? given : repository;
                    if (image.get("digest") instanceof String digest) {
                        tag = "@" + digest;
                    } else if (image.get("newTag") != null) {
                        tag = ":" + image.get("newTag");
                    }
                    container.put("image", newName + tag);
                }
            }
        }
    }

    private static Map<String, Object> kustomization(Path dir, String kind) {
        Path file = dir.resolve("kustomization.yaml");
        List<Map<String, Object>> docs = read(file);
        if (docs.size() != 1 || !kind.equals(docs.get(0).get("kind"))) {
            throw new IllegalStateException(file + ": one " + kind + " expected");
        }
        Map<String, Object> kustomization = docs.get(0);
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException(file + ": " + field + " is not rendered by this test's kustomize");
            }
        }
        return kustomization;
    }

    private static Map<String, Object> configMap(Path dir, Map<String, Object> generator) {
        Map<String, Object> options = map(generator, "options");
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            throw new IllegalStateException("configMapGenerator " + generator.get("name")
                    + ": only names without a hash are rendered here (options.disableNameSuffixHash)");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String file : strings(generator.get("files"))) {
            Path path = dir.resolve(file);
            data.put(path.getFileName().toString(), text(path));
        }
        for (String file : strings(generator.get("envs"))) {
            data.putAll(envLines(text(dir.resolve(file))));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        return configMap;
    }

    private static void patch(Path dir, Map<String, Object> entry, List<Map<String, Object>> docs) {
        List<Map<String, Object>> patches = read(dir.resolve((String) entry.get("path")));
        if (patches.size() != 1) {
            throw new IllegalStateException(entry.get("path") + ": one patch a file");
        }
        Map<String, Object> patch = patches.get(0);
        Map<String, Object> target = entry.get("target") instanceof Map<?, ?> given ? cast(given)
                : Map.of("kind", patch.get("kind"), "name", map(patch, "metadata").get("name"));
        Map<String, Object> body = new LinkedHashMap<>(patch);
        body.remove("apiVersion");
        body.remove("kind");
        Map<String, Object> metadata = new LinkedHashMap<>(map(patch, "metadata"));
        metadata.remove("name");
        body.put("metadata", metadata);
        int matched = 0;
        for (Map<String, Object> doc : docs) {
            if (matches(doc, target)) {
                merge(doc, body);
                matched++;
            }
        }
        if (matched == 0) {
            throw new IllegalStateException(entry.get("path") + ": its target matches no resource");
        }
    }

    private static boolean matches(Map<String, Object> doc, Map<String, Object> target) {
        Map<String, Object> metadata = map(doc, "metadata");
        if (target.get("kind") != null && !target.get("kind").equals(doc.get("kind"))) {
            return false;
        }
        if (target.get("name") instanceof String name
                && !Pattern.matches(name, String.valueOf(metadata.get("name")))) {
            return false;
        }
        if (target.get("labelSelector") instanceof String selector) {
            Map<String, Object> labels = view(metadata, "labels");
            for (String term : selector.split(",")) {
                boolean negated = term.contains("!=");
                String[] parts = term.split("!?=", 2);
                boolean equal = parts[1].strip().equals(labels.get(parts[0].strip()));
                if (equal == negated) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A strategic merge: maps key by key, the lists of MERGE_KEYS item by item, others replaced. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> dest, Map<String, Object> patch) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.startsWith("$")) {
                throw new IllegalStateException("patch directive " + key + " is not rendered by this test's kustomize");
            }
            Object current = dest.get(key);
            if (value == null) {
                dest.remove(key);
            } else if (value instanceof Map<?, ?> patchMap && current instanceof Map<?, ?> destMap) {
                merge((Map<String, Object>) destMap, (Map<String, Object>) patchMap);
            } else if (value instanceof List<?> patchList && current instanceof List<?> destList
                    && MERGE_KEYS.containsKey(key)) {
                dest.put(key, mergeList(MERGE_KEYS.get(key), (List<Object>) destList, (List<Object>) patchList));
            } else {
                dest.put(key, deepCopy(value));
            }
        }
    }

    /** kyaml's order: the patch's items first (merged into their namesakes), then the rest. */
    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(String mergeKey, List<Object> dest, List<Object> patch) {
        List<Object> merged = new ArrayList<>();
        List<Object> rest = new ArrayList<>(dest);
        for (Object item : patch) {
            Map<String, Object> patchItem = (Map<String, Object>) item;
            Object key = patchItem.get(mergeKey);
            Map<String, Object> namesake = rest.stream().map(d -> (Map<String, Object>) d)
                    .filter(d -> key.equals(d.get(mergeKey))).findFirst().orElse(null);
            if (namesake == null) {
                merged.add(deepCopy(patchItem));
            } else {
                rest.remove(namesake);
                merge(namesake, patchItem);
                merged.add(namesake);
            }
        }
        merged.addAll(rest);
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(Kustomize::deepCopy).toList());
        }
        return value;
    }

    /**
     * An env file's {@code KEY=VALUE} lines, as kustomize's {@code envs} and
     * {@code kubectl create secret --from-env-file} read them: blank lines and comments left out.
     */
    static Map<String, String> envLines(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 1) {
                throw new IllegalStateException("not a KEY=VALUE line: " + trimmed);
            }
            values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return values;
    }

    /** Every document of a YAML file, empty ones left out, as mutable maps. */
    static List<Map<String, Object>> read(Path file) {
        return parse(text(file));
    }

    /** Every document of a YAML text, empty ones left out, as mutable maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) deepCopy(doc));
            }
        }
        return docs;
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            Map<String, Object> created = new LinkedHashMap<>();
            parent.put(key, created);
            return created;
        }
        return (Map<String, Object>) value;
    }

    /** A map field as it is, an empty one where it is absent (nothing is added to the document). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> view(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list == null ? List.of() : (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }
}
