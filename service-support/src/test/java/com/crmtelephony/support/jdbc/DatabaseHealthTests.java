package com.crmtelephony.support.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Health answers at once from the last probe, whether the database answers, fails or hangs. */
class DatabaseHealthTests {

    /** What the database does when asked: answer, throw, or hang until released. */
    final AtomicReference<String> behaviour = new AtomicReference<>("up");
    final CountDownLatch release = new CountDownLatch(1);
    DatabaseHealth health;

    DataSource dataSource() throws SQLException {
        DataSource dataSource = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(connection.isValid(anyInt())).thenReturn(true);
        when(dataSource.getConnection()).thenAnswer(call -> switch (behaviour.get()) {
            case "up" -> connection;
            case "hang" -> {
                release.await();
                throw new SQLException("timed out");
            }
            default -> throw new SQLException("Connection refused");
        });
        return dataSource;
    }

    @AfterEach
    void stop() {
        release.countDown();
        health.destroy();
    }

    long millis(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Test
    void upWhileTheDatabaseAnswersDownWhenItFailsAndUpAgainWhenItReturns() throws Exception {
        health = new DatabaseHealth(dataSource(), Duration.ofMillis(100));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        behaviour.set("refused");
        await().atMost(Duration.ofSeconds(2)).until(() -> health.health().getStatus().equals(Status.DOWN));
        assertThat(health.health().getDetails().get("error").toString()).contains("Connection refused");
        behaviour.set("up");
        await().atMost(Duration.ofSeconds(2)).until(() -> health.health().getStatus().equals(Status.UP));
    }

    @Test
    void aDatabaseThatHangsIsDownWithinTheIntervalAndHealthNeverWaitsOnIt() throws Exception {
        health = new DatabaseHealth(dataSource(), Duration.ofMillis(300));
        behaviour.set("hang");
        await().atMost(Duration.ofSeconds(2)).until(() -> health.health().getStatus().equals(Status.DOWN));
        Health[] answer = new Health[1];
        assertThat(millis(() -> answer[0] = health.health())).isLessThan(100);
        assertThat(answer[0].getDetails().get("error").toString()).contains("has not answered");
    }
}
