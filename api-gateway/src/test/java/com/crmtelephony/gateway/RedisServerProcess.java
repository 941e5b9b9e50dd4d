package com.crmtelephony.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for a test on a free loopback port, nothing saved: the {@code redis-server} binary
 * that the embedded-redis jar ships (a test dependency from Maven Central), so the tests need no
 * package installed. On a platform the jar has no binary for, Debian's {@code redis-server} on
 * the PATH.
 */
public final class RedisServerProcess implements AutoCloseable {

    /** The jar's binaries by platform (os.arch): linux on amd64 and arm64 covers the machines this runs on. */
    private static final String BINARY = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
        case "amd64", "x86_64" -> "/redis-server-6.2.6-v5-linux-amd64";
        case "aarch64", "arm64" -> "/redis-server-6.2.7-linux-arm64";
        default -> null;
    };

    private static Path extracted;

    public final int port;
    private Process process;

    public RedisServerProcess() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The jar's binary, copied out once per JVM; null where there is none for this platform. */
    private static synchronized String executable() throws IOException {
        if (extracted == null && BINARY != null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try (InputStream in = RedisServerProcess.class.getResourceAsStream(BINARY)) {
                if (in != null) {
                    Path file = Files.createTempFile("redis-server-", "");
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    file.toFile().setExecutable(true, true);
                    file.toFile().deleteOnExit();
                    extracted = file;
                }
            }
        }
        return extracted != null ? extracted.toString() : "redis-server";
    }

    public void start() throws IOException, InterruptedException {
        String executable = executable();
        try {
            process = new ProcessBuilder(List.of(executable, "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + executable
                    + " (the embedded-redis jar has no binary for this platform: install Debian's redis-server)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(executable + " exited with " + process.exitValue());
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(executable + " did not listen on " + port);
    }

    /** Redis gone, as a crash leaves it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
