package com.crmtelephony.support.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * A service's database health, answered from memory within a second whatever the database does.
 * Boot's own indicator asks the pool for a connection on every health request, and while the
 * database is unreachable that waits out the pool's connection timeout: health, readiness and
 * the probes that read them hang. Here one thread asks every {@code interval}; a health request
 * reads its last answer, and a question unanswered for longer than {@code interval} is DOWN.
 */
public class DatabaseHealth implements HealthIndicator, DisposableBean {

    private record Probe(boolean up, String error, long atNanos) {
    }

    private final DataSource dataSource;
    private final Duration interval;
    private final ScheduledExecutorService prober;
    private volatile Probe last;
    /** When the probe now running began; 0 while none runs. */
    private volatile long askingSince;

    public DatabaseHealth(DataSource dataSource, Duration interval) {
        this.dataSource = dataSource;
        this.interval = interval;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "db-health");
            t.setDaemon(true);
            return t;
        });
        probe(); // the first health request has an answer
        prober.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        askingSince = System.nanoTime();
        Probe probe;
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid((int) Math.max(1, interval.toSeconds()));
            probe = new Probe(valid, valid ? null : "The connection is not valid", System.nanoTime());
        } catch (Exception e) {
            probe = new Probe(false, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime());
        }
        last = probe;
        askingSince = 0;
    }

    @Override
    public Health health() {
        long since = askingSince;
        long waitingMs = since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        if (waitingMs > interval.toMillis()) {
            return Health.down().withDetail("error", "The database has not answered for " + waitingMs + " ms").build();
        }
        Probe probe = last;
        Health.Builder health = probe.up() ? Health.up() : Health.down().withDetail("error", probe.error());
        return health.withDetail("checkedMsAgo", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probe.atNanos())).build();
    }

    /** Whether the last answer was UP: the {@code crm.database.up} gauge (alert rules). */
    public boolean up() {
        return Status.UP.equals(health().getStatus());
    }

    @Override
    public void destroy() {
        prober.shutdownNow();
    }
}
