package com.crmtelephony.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test's kustomize renders what kubectl's does, and refuses what it does not render. */
class KustomizeTests {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/production"})
    void rendersAsKubectlKustomizeDoes(String kustomization) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed: the rendering is checked by the rules alone");
        Path dir = Manifests.KUBERNETES.resolve(kustomization);
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        String rendered = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(new String(kubectl.getErrorStream().readAllBytes())).isZero();
        assertThat(byKindAndName(Kustomize.build(dir))).isEqualTo(byKindAndName(Kustomize.parse(rendered)));
    }

    @Test
    void aFieldItDoesNotRenderFailsTheRender(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                commonLabels: {team: a}
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("commonLabels");
    }

    @Test
    void aPatchWhoseTargetMatchesNothingFailsTheRender(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                patches:
                  - path: patch.yaml
                    target: {kind: Deployment}
                """);
        Files.writeString(dir.resolve("patch.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: any}
                spec: {replicas: 2}
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("matches no resource");
    }

    @Test
    void imagesTakeTheirNewNameAndTagAsKustomizeEditSetImageWritesThem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                images:
                  - {name: crm-telephony/cdr-service, newName: registry.example/crm/cdr-service, newTag: "1.1.0"}
                """);
        Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: cdr-service}
                spec:
                  template:
                    spec:
                      containers:
                        - {name: app, image: "crm-telephony/cdr-service:1.0.0-SNAPSHOT"}
                        - {name: other, image: "crm-telephony/cdr-service-sidecar:1"}
                """);
        Map<String, Object> deployment = Kustomize.build(dir).get(0);
        assertThat(deployment.toString()).contains("image=registry.example/crm/cdr-service:1.1.0",
                "image=crm-telephony/cdr-service-sidecar:1");
    }

    @Test
    void listsNamedByTheirKeyAreMergedItemByItemOthersReplaced() {
        Map<String, Object> dest = Kustomize.parse("""
                containers:
                  - name: app
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    args: [x]
                """).get(0);
        Kustomize.merge(dest, Kustomize.parse("""
                containers:
                  - name: app
                    env: [{name: B, value: "3"}, {name: C, value: "4"}]
                    args: [y]
                """).get(0));
        assertThat(dest).isEqualTo(Kustomize.parse("""
                containers:
                  - name: app
                    env: [{name: B, value: "3"}, {name: C, value: "4"}, {name: A, value: "1"}]
                    args: [y]
                """).get(0));
    }

    private static Map<String, Map<String, Object>> byKindAndName(List<Map<String, Object>> docs) {
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        for (Map<String, Object> doc : docs) {
            String key = doc.get("kind") + "/" + Kustomize.view(doc, "metadata").get("name");
            assertThat(byKey.put(key, doc)).as("two documents named %s", key).isNull();
        }
        return byKey;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
