package com.crmtelephony.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for a test: Debian's {@code redis-server} on a free loopback port, nothing saved.
 * Not installed: the test fails and says so ({@code .ci/run} installs it).
 */
public final class RedisServerProcess implements AutoCloseable {

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

    public void start() throws IOException, InterruptedException {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("These tests need Debian's redis-server on the PATH "
                    + "(apt-get install redis-server; .ci/run installs it)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port);
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
