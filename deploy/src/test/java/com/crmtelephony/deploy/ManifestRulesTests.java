package com.crmtelephony.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import com.crmtelephony.deploy.Manifests.Workload;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's rules for a deployment, asserted on what each overlay renders (read into
 * fabric8's typed model): probes on the actuator's paths and ports, resources, no root, a grace
 * period above the graceful shutdown, no secret value in a manifest, every variable of
 * .env.example and of the compose file present, and every reference resolving.
 */
class ManifestRulesTests {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|_KEYS|HMAC|TOKEN).*");
    /** Keys of crm-secrets besides .env.example's and scripts/token-keys.sh's (README, "On Kubernetes"). */
    private static final Set<String> SECRET_KEYS_BESIDES = Set.of("REDIS_URL", "MANAGEMENT_USER", "EUREKA_USER",
            "CONFIG_USER");
    /** What compose sets for its own network and files, which a pod does otherwise. */
    private static final Set<String> COMPOSE_ONLY = Set.of("EUREKA_INSTANCE_HOSTNAME", "CONFIG_REPO_DIR",
            "SPRING_PROFILES_ACTIVE");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void everyDocumentIsATypedKindWithNoFieldItDoesNotKnow(String overlay) {
        List<HasMetadata> resources = Manifests.typed(overlay);
        assertThat(resources).isNotEmpty();
        for (HasMetadata resource : resources) {
            String name = resource.getKind() + "/" + resource.getMetadata().getName();
            assertThat(resource).as(name + " is of a kind the model types").isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(Manifests.unknownFields(resource, name)).as("fields unknown to the model").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void everyServiceIsProbedOnItsActuatorRunsAsNoRootAndStopsAfterItsGracefulShutdown(String overlay) {
        List<Workload> services = Manifests.suite(Manifests.typed(overlay));
        assertThat(services).extracting(Workload::name).contains("discovery-server", "configuration-service",
                "api-gateway", "cdr-service", "phonebook-service", "pbx-integration-service", "tenant-service");
        for (Workload service : services) {
            String name = service.name();
            Container app = service.app();
            // Its own image, whatever registry and tag an overlay gives it.
            assertThat(app.getImage()).as(name).matches("(.+/)?" + name + "[:@].+");

            // Its ports are the service's own, and its probes ask the actuator on the right one.
            int port = Integer.parseInt(Manifests.setting(name, "server.port").orElseThrow());
            assertThat(portNamed(app, "http")).as(name + " http").isEqualTo(port);
            String probePort = "http";
            Object management = Manifests.setting(name, "management.server.port").orElse(null);
            if (management != null) {
                assertThat(portNamed(app, "management")).as(name + " management")
                        .isEqualTo(Integer.parseInt(String.valueOf(management)));
                probePort = "management";
            }
            assertThat(Manifests.setting(name, "management.endpoint.health.probes.enabled")).as(name)
                    .contains("true");
            assertProbe(name, app.getStartupProbe(), "/actuator/health/liveness", probePort);
            assertProbe(name, app.getLivenessProbe(), "/actuator/health/liveness", probePort);
            assertProbe(name, app.getReadinessProbe(), "/actuator/health/readiness", probePort);

            // Resources: requests to schedule on, a memory limit the heap is sized from.
            Map<String, Quantity> requests = app.getResources().getRequests();
            Map<String, Quantity> limits = app.getResources().getLimits();
            assertThat(requests).as(name).containsKeys("cpu", "memory");
            assertThat(limits).as(name).containsKey("memory");
            assertThat(limits.get("memory").getNumericalAmount()).as(name)
                    .isGreaterThanOrEqualTo(requests.get("memory").getNumericalAmount());

            // No root, nothing written but /tmp.
            var pod = service.template().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotNull().isNotZero();
            assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(app.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
            String tmpVolume = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " has no /tmp")).getName();
            Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
            assertThat(tmp.getEmptyDir()).as(name + " /tmp").isNotNull();

            // It stops after its preStop pause and its graceful shutdown, never killed mid-drain.
            assertThat(Manifests.setting(name, "server.shutdown")).as(name).contains("graceful");
            Duration shutdown = Duration.parse("PT" + Manifests.setting(name,
                    "spring.lifecycle.timeout-per-shutdown-phase").orElseThrow().toUpperCase());
            List<String> preStop = app.getLifecycle().getPreStop().getExec().getCommand();
            assertThat(preStop).as(name).hasSize(2).first().isEqualTo("sleep");
            long pause = Long.parseLong(preStop.get(1));
            assertThat(pod.getTerminationGracePeriodSeconds()).as(name)
                    .isGreaterThan(pause + shutdown.toSeconds());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void noSecretValueIsInAManifestAndEveryReferenceResolves(String overlay) {
        List<HasMetadata> resources = Manifests.typed(overlay);
        assertThat(resources).noneMatch(Secret.class::isInstance);
        Map<String, String> settings = Manifests.settings(resources);
        assertThat(settings.keySet()).noneMatch(key -> SECRET_NAME.matcher(key).matches());
        Set<String> secretKeys = secretKeys();
        for (Workload workload : Manifests.workloads(resources)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                String where = workload.name() + "/" + container.getName();
                Set<String> defined = new HashSet<>();
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (env.getValue() != null) {
                        assertThat(env.getName()).as(where + ": a secret's value written in a manifest")
                                .doesNotMatch(SECRET_NAME);
                        Matcher reference = Manifests.ENV_REFERENCE.matcher(env.getValue());
                        while (reference.find()) {
                            assertThat(defined).as(where + " " + env.getName() + " refers to a variable set before it")
                                    .contains(reference.group(1));
                        }
                    } else if (env.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("crm-secrets");
                        assertThat(secretKeys).as(where).contains(env.getValueFrom().getSecretKeyRef().getKey());
                    } else {
                        assertThat(env.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("crm-settings");
                        assertThat(settings).as(where).containsKey(env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                    defined.add(env.getName());
                }
            }
        }
        for (ServiceMonitor monitor : ofKind(resources, ServiceMonitor.class)) {
            monitor.getSpec().getEndpoints().forEach(endpoint -> {
                assertThat(secretKeys).contains(endpoint.getBasicAuth().getUsername().getKey(),
                        endpoint.getBasicAuth().getPassword().getKey());
                assertThat(services(resources, monitor.getSpec().getSelector())).as(monitor.getMetadata().getName())
                        .isNotEmpty().allSatisfy(service -> assertThat(service.getSpec().getPorts())
                                .extracting(ServicePort::getName).contains(endpoint.getPort()));
            });
        }
        assertReferencesResolve(resources);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void everyVariableOfEnvExampleAndOfTheComposeFileReachesItsService(String overlay) {
        List<HasMetadata> resources = Manifests.typed(overlay);
        Set<String> given = new TreeSet<>();
        Map<String, Set<String>> byService = new LinkedHashMap<>();
        for (Workload workload : Manifests.workloads(resources)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                Set<String> names = new TreeSet<>();
                (container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()).forEach(e -> names.add(e.getName()));
                given.addAll(names);
                byService.put(workload.name(), names);
            }
        }
        Set<String> expected = new TreeSet<>(envExample());
        if (overlay.endsWith("production")) {
            // The in-cluster PostgreSQL's own superuser password: production's database is managed.
            expected.remove("POSTGRES_PASSWORD");
        }
        assertThat(given).containsAll(expected);
        Map<String, Object> compose = Kustomize.read(Manifests.ROOT.resolve("docker-compose.yml")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> composeServices = (Map<String, Map<String, Object>>) compose.get("services");
        composeServices.forEach((name, service) -> {
            if (!byService.containsKey(name) || !(service.get("environment") instanceof Map<?, ?> environment)) {
                return;
            }
            Set<String> composeNames = new TreeSet<>();
            environment.keySet().forEach(key -> composeNames.add((String) key));
            composeNames.removeAll(COMPOSE_ONLY);
            assertThat(byService.get(name)).as(name + " gets what compose gives it").containsAll(composeNames);
        });
    }

    /** Services, autoscalers, budgets, policies and the ingress all name something that exists. */
    private static void assertReferencesResolve(List<HasMetadata> resources) {
        List<Workload> workloads = Manifests.workloads(resources);
        for (Service service : ofKind(resources, Service.class)) {
            List<Workload> selected = workloads.stream().filter(w -> selects(service.getSpec().getSelector(), w)).toList();
            assertThat(selected).as("Service " + service.getMetadata().getName()).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getTargetPort().getStrVal() != null) {
                    assertThat(selected).allSatisfy(w -> assertThat(w.template().getSpec().getContainers())
                            .flatExtracting(Container::getPorts).extracting(ContainerPort::getName)
                            .contains(port.getTargetPort().getStrVal()));
                }
            }
        }
        for (HorizontalPodAutoscaler hpa : ofKind(resources, HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            Deployment deployment = ofKind(resources, Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals(target)).findFirst()
                    .orElseThrow(() -> new AssertionError("autoscaler of a missing " + target));
            assertThat(deployment.getSpec().getReplicas()).as(target + ": the autoscaler's to set").isNull();
        }
        for (PodDisruptionBudget budget : ofKind(resources, PodDisruptionBudget.class)) {
            assertThat(workloads).as("budget " + budget.getMetadata().getName())
                    .anyMatch(w -> selects(budget.getSpec().getSelector(), w));
        }
        for (NetworkPolicy policy : ofKind(resources, NetworkPolicy.class)) {
            String name = "policy " + policy.getMetadata().getName();
            assertThat(workloads).as(name).anyMatch(w -> selects(policy.getSpec().getPodSelector(), w));
            Stream.concat(
                    policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream()),
                    policy.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream()))
                    .filter(peer -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
                    .map(NetworkPolicyPeer::getPodSelector)
                    .forEach(peer -> assertThat(workloads).as(name + " peer " + peer).anyMatch(w -> selects(peer, w)));
        }
        for (Ingress ingress : ofKind(resources, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                var backend = path.getBackend().getService();
                Service service = ofKind(resources, Service.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(backend.getName())).findFirst().orElseThrow();
                assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
                        .contains(backend.getPort().getName());
            }));
        }
    }

    private static void assertProbe(String service, Probe probe, String path, String port) {
        assertThat(probe).as(service + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(service).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo(port);
    }

    private static int portNamed(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name)).getContainerPort();
    }

    /** .env.example's variables: those set, and those shown commented out, but the images'. */
    static Set<String> envExample() {
        Set<String> names = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^#?\\s*([A-Z][A-Z0-9_]+)=")
                .matcher(Kustomize.text(Manifests.ROOT.resolve(".env.example")));
        while (line.find()) {
            if (!line.group(1).endsWith("_IMAGE")) {
                names.add(line.group(1));
            }
        }
        return names;
    }

    /** What the crm-secrets Secret holds: .env.example's, the token keys, and the documented rest. */
    private static Set<String> secretKeys() {
        Set<String> keys = new TreeSet<>(envExample());
        keys.addAll(SECRET_KEYS_BESIDES);
        String script = Kustomize.text(Manifests.ROOT.resolve("scripts/token-keys.sh"));
        Matcher signers = Pattern.compile("\\$\\{@:-([A-Z ]+)}").matcher(script);
        assertThat(signers.find()).isTrue();
        for (String signer : signers.group(1).split(" ")) {
            keys.add(signer + "_TOKEN_SIGNING_KEY");
            keys.add(signer + "_TOKEN_PUBLIC_KEYS");
        }
        Matcher printed = Pattern.compile("echo \"([A-Z_]+)=").matcher(script);
        while (printed.find()) {
            keys.add(printed.group(1));
        }
        return keys;
    }

    private static List<Service> services(List<HasMetadata> resources, LabelSelector selector) {
        return ofKind(resources, Service.class).stream()
                .filter(s -> matches(selector, s.getMetadata().getLabels())).toList();
    }

    /** A Service's selector: labels only, as a label selector's matchLabels. */
    private static boolean selects(Map<String, String> selector, Workload workload) {
        return selector != null && selects(new LabelSelectorBuilder().withMatchLabels(selector).build(), workload);
    }

    private static boolean selects(LabelSelector selector, Workload workload) {
        return matches(selector, workload.template().getMetadata().getLabels());
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()))) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(e -> {
            String value = labels.get(e.getKey());
            return switch (e.getOperator()) {
                case "In" -> e.getValues().contains(value);
                case "NotIn" -> !e.getValues().contains(value);
                case "Exists" -> value != null;
                default -> value == null;
            };
        });
    }

    private static <T> List<T> ofKind(List<HasMetadata> resources, Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
