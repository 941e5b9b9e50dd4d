package com.crmtelephony.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract run (CI, after the compose check: scripts/compose-check.sh): every service of the
 * dev overlay started from the image compose built, with exactly its manifest's command,
 * environment (the Secret from an env file made as the README says, the ConfigMap as rendered),
 * ports, user, read-only root, writable /tmp, dropped capabilities and memory limit, on the host's
 * network beside compose's PostgreSQL, Redis, RabbitMQ and Zipkin. Each probe is polled as the
 * kubelet would (startup, then readiness) until every service is ready; then each is stopped as
 * the kubelet stops a pod (SIGTERM, then SIGKILL after its grace period) and must have ended by
 * itself. What differs from a cluster, and only that: the manifests' host names resolve to
 * 127.0.0.1 (--add-host), the services bind 127.0.0.1 instead of every address, and each
 * registers 127.0.0.1 as its address, so that nothing leaves the loopback.
 */
class KubernetesContractIT {

    private static final String PREFIX = "crm-contract-";
    private static final Set<String> HOSTS = Set.of("discovery-server", "configuration-service", "api-gateway",
            "postgres", "redis", "rabbitmq", "zipkin", "mock-pbx");
    private static final Map<String, String> ON_LOOPBACK = Map.of("BIND_ADDRESS", "127.0.0.1",
            "MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<String> STARTED = new ArrayList<>();

    @Test
    void everyServiceStartsFromItsImageWithItsManifestsSettingsIsReadyAndStopsWithinItsGracePeriod()
            throws Exception {
        Map<String, String> secret = Kustomize.envLines(Files.readString(Path.of(System.getProperty("contract.env-file"))));
        List<HasMetadata> resources = Manifests.typed(System.getProperty("contract.overlay", "overlays/dev"));
        Map<String, String> settings = Manifests.settings(resources);
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        Manifests.suite(resources).forEach(workload -> pods.put(workload.name(), workload.template()));
        assertThat(pods).hasSize(8);
        for (Map.Entry<String, PodTemplateSpec> pod : pods.entrySet()) {
            start(pod.getKey(), pod.getValue().getSpec(), secret, settings);
        }
        Map<String, Long> readyAfter = new TreeMap<>();
        long started = System.nanoTime();
        for (Map.Entry<String, PodTemplateSpec> pod : pods.entrySet()) {
            Container app = pod.getValue().getSpec().getContainers().get(0);
            // Started together: each has its startup probe's whole budget from the common start,
            // then, as nothing bounds readiness in a cluster, two minutes to turn ready.
            Probe startup = app.getStartupProbe();
            awaitProbe(pod.getKey(), app, startup, started
                    + TimeUnit.SECONDS.toNanos((long) startup.getPeriodSeconds() * startup.getFailureThreshold()));
            awaitProbe(pod.getKey(), app, app.getReadinessProbe(), System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
            readyAfter.put(pod.getKey(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
        System.out.println("Contract run: every service ready, seconds after the start: " + readyAfter);
        // Stopped in the reverse order of a start, as a rolling update would stop each.
        List<String> names = new ArrayList<>(pods.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            long grace = pods.get(name).getSpec().getTerminationGracePeriodSeconds();
            long before = System.nanoTime();
            docker("stop", "-t", String.valueOf(grace), PREFIX + name);
            long took = Duration.ofNanos(System.nanoTime() - before).toSeconds();
            String exit = docker("inspect", "-f", "{{.State.ExitCode}}", PREFIX + name).strip();
            assertThat(exit).as(name + " ended by itself on SIGTERM (not killed after " + grace + " s)")
                    .isIn("0", "143");
            assertThat(took).as(name + " stopped within its grace period").isLessThan(grace);
        }
    }

    private static void start(String name, PodSpec pod, Map<String, String> secret, Map<String, String> settings)
            throws IOException, InterruptedException {
        Container app = pod.getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : app.getEnv()) {
            String value;
            if (var.getValue() != null) {
                value = expand(var.getValue(), env);
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                value = secret.get(var.getValueFrom().getSecretKeyRef().getKey());
                assertThat(value).as("crm-secrets holds " + var.getValueFrom().getSecretKeyRef().getKey()).isNotNull();
            } else {
                value = settings.get(var.getValueFrom().getConfigMapKeyRef().getKey());
            }
            env.put(var.getName(), ON_LOOPBACK.getOrDefault(var.getName(), value));
        }
        env.put("EUREKA_INSTANCE_IP_ADDRESS", "127.0.0.1");
        Path envFile = Files.createTempFile("contract-" + name, ".env",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder lines = new StringBuilder();
        env.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        Files.writeString(envFile, lines);
        try {
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", PREFIX + name, "--network", "host",
                    "--env-file", envFile.toString(), "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                    "--memory", app.getResources().getLimits().get("memory").toString()
                            .replace("Mi", "m").replace("Gi", "g")));
            HOSTS.forEach(host -> run.addAll(List.of("--add-host", host + ":127.0.0.1")));
            var security = pod.getSecurityContext();
            run.addAll(List.of("--user", security.getRunAsUser() + ":" + security.getRunAsGroup(),
                    "--group-add", String.valueOf(security.getFsGroup())));
            if (Boolean.TRUE.equals(app.getSecurityContext().getReadOnlyRootFilesystem())) {
                run.add("--read-only");
            }
            for (VolumeMount mount : app.getVolumeMounts()) {
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                        .findFirst().orElseThrow();
                assertThat(volume.getEmptyDir()).as(name + ": only emptyDir volumes are run here").isNotNull();
                run.addAll(List.of("--tmpfs", mount.getMountPath() + ":rw,exec,size="
                        + volume.getEmptyDir().getSizeLimit().toString().replace("Gi", "g").replace("Mi", "m")));
            }
            if (app.getCommand() != null && !app.getCommand().isEmpty()) {
                run.addAll(List.of("--entrypoint", app.getCommand().get(0)));
            }
            run.add(app.getImage());
            if (app.getCommand() != null && app.getCommand().size() > 1) {
                run.addAll(app.getCommand().subList(1, app.getCommand().size()));
            }
            if (app.getArgs() != null) {
                run.addAll(app.getArgs());
            }
            docker(run.toArray(String[]::new));
            STARTED.add(PREFIX + name);
        } finally {
            Files.delete(envFile);
        }
    }

    /** Kubernetes' $(VAR): a variable set before this one, else left as written. */
    private static String expand(String value, Map<String, String> before) {
        Matcher reference = Manifests.ENV_REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String replacement = before.getOrDefault(reference.group(1), reference.group());
            reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(expanded).toString();
    }

    /** Polls a probe as the kubelet does, every periodSeconds with its timeout, until the deadline. */
    private static void awaitProbe(String name, Container app, Probe probe, long deadline) {
        int port = app.getPorts().stream().filter(p -> p.getName().equals(probe.getHttpGet().getPort().getStrVal()))
                .findFirst().orElseThrow().getContainerPort();
        URI uri = URI.create("http://127.0.0.1:" + port + probe.getHttpGet().getPath());
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
        try {
            await(name + " " + uri).atMost(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)))
                    .pollInterval(Duration.ofSeconds(period)).until(() -> {
                        String state = docker("inspect", "-f", "{{.State.Status}}", PREFIX + name).strip();
                        assertThat(state).as(() -> name + " is running; its log ends: " + tail(name))
                                .isEqualTo("running");
                        try {
                            int status = HTTP.send(HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(timeout)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            return status >= 200 && status < 400;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; its log ends: " + tail(name), e);
        }
    }

    private static String tail(String name) {
        try {
            return docker("logs", "--tail", "30", PREFIX + name);
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void removeContainers() throws Exception {
        Path logs = Path.of("target/contract-logs");
        Files.createDirectories(logs);
        for (String container : STARTED) {
            Files.writeString(logs.resolve(container + ".log"), docker("logs", container));
            docker("rm", "-f", container);
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("docker " + args[0] + " failed: " + output);
        }
        return output;
    }
}
