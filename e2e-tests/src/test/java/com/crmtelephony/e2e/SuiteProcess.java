package com.crmtelephony.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The suite as a newcomer runs it: {@code scripts/suite.sh start}, with its own run directory
 * and a private copy of config-repo that tests may change.
 */
final class SuiteProcess implements AutoCloseable {

    static final String WEBHOOK_SECRET = "e2e-pbx-webhook-secret-0001";
    static final int AUTH_FAILURE_BURST = 100;
    /** The one loopback receiver a tenant's webhook endpoint may name here (OutboundWebhooksIT). */
    static final int WEBHOOK_RECEIVER_PORT = 18998;
    /** A greedy tenant's receivers (NoisyNeighbourIT): one never answers, one trickles its body. */
    static final int SILENT_RECEIVER_PORT = 18996;
    static final int TRICKLING_RECEIVER_PORT = 18997;

    final Path root;
    final Path runDir;
    final Path configRepo;
    private final Map<String, String> runEnv;

    SuiteProcess() {
        this(Map.of());
    }

    /** A suite whose every command (start, restart of what was killed, stop) gets these env vars. */
    SuiteProcess(Map<String, String> runEnv) {
        this.runEnv = Map.copyOf(runEnv);
        root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        try {
            runDir = Files.createTempDirectory("suite-run-");
            configRepo = runDir.resolve("config-repo");
            copyTree(root.resolve("config-repo"), configRepo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts whatever is not running (all of it, or what {@link #kill} stopped) and waits until it is ready. */
    void start() throws IOException, InterruptedException {
        start(Map.of());
    }

    /** The same, with these env vars for the services it starts (the running ones keep theirs). */
    void start(Map<String, String> env) throws IOException, InterruptedException {
        int exit = run("start", 420, env);
        if (exit != 0) {
            throw new IllegalStateException("scripts/suite.sh start failed with " + exit
                    + "; logs in " + runDir.resolve("logs"));
        }
    }

    /** Stops one service as a crash would (the others keep running). */
    void kill(String service) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(runDir.resolve("pids").resolve(service + ".pid")).trim());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) a service's embedded PostgreSQL, its postmaster and every
     * backend: a database that stops answering, as a network partition or a stalled disk makes it,
     * with the service's connections left open.
     */
    void signalDatabase(String service, String signal) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "postgres -D " + runDir.resolve("data").resolve(service) + " ")
                .redirectErrorStream(true).start();
        String out = new String(pgrep.getInputStream().readAllBytes()).trim();
        pgrep.waitFor();
        if (out.isEmpty()) {
            throw new IllegalStateException("No embedded PostgreSQL of " + service + " is running");
        }
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        for (String pid : out.split("\\s+")) {
            command.add(pid);
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> p.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        }
        if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("Could not " + signal + " " + command);
        }
    }

    Path log(String service) {
        return runDir.resolve("logs").resolve(service + ".log");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("stop", 150, Map.of());
    }

    private int run(String command, int timeoutSeconds, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", root.resolve("scripts/suite.sh").toString(), command))
                .directory(root.toFile())
                .inheritIO();
        pb.environment().put("SUITE_RUN_DIR", runDir.toString());
        pb.environment().put("CONFIG_REPO_DIR", configRepo.toString());
        pb.environment().put("SUITE_TIMEOUT", "240");
        // Webhooks signed end to end (pbx-integration subscribes with this secret).
        pb.environment().put("PBX_WEBHOOK_SECRET", WEBHOOK_SECRET);
        // No reconciliation in the middle of a test that shows what webhooks alone did; the fault
        // test restarts cdr-service with a short one.
        pb.environment().put("SYNC_RECONCILE_INTERVAL", "1h");
        // The bad-input tests send dozens of missing and wrong keys from 127.0.0.1 on purpose.
        pb.environment().put("GATEWAY_AUTH_FAILURE_BURST", Integer.toString(AUTH_FAILURE_BURST));
        // Loopback is no target for a tenant's webhooks (SSRF), except the test's own receiver.
        pb.environment().put("CRM_OUTBOUND_ALLOWEDTARGETS_0", "127.0.0.1:" + WEBHOOK_RECEIVER_PORT);
        pb.environment().put("CRM_OUTBOUND_ALLOWEDTARGETS_1", "127.0.0.1:" + SILENT_RECEIVER_PORT);
        pb.environment().put("CRM_OUTBOUND_ALLOWEDTARGETS_2", "127.0.0.1:" + TRICKLING_RECEIVER_PORT);
        pb.environment().putAll(runEnv);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("suite.sh " + command + " did not finish in " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
