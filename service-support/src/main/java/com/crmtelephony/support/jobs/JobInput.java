package com.crmtelephony.support.jobs;

import java.io.InputStream;
import java.util.UUID;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * What a job was started with, as the instance that takes it reads it back.
 *
 * @param id         the job's id
 * @param tenant     whose job it is; null: an admin's job over every tenant
 * @param parameters what {@link Jobs#start} was given, as JSON ({@code null} node when nothing)
 * @param attempt    1 the first time it runs, more when an instance stopped in its middle
 */
public record JobInput(UUID id, UUID tenant, JsonNode parameters, int attempt, Supplier<InputStream> file) {

    /** The job's file (an upload), read back a part at a time; empty when it has none. */
    public InputStream openFile() {
        return file.get();
    }
}
