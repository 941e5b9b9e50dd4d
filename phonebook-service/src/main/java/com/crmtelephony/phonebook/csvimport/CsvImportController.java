package com.crmtelephony.phonebook.csvimport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.phonebook.contact.ContactController;
import com.crmtelephony.support.jobs.Job;
import com.crmtelephony.support.jobs.JobInput;
import com.crmtelephony.support.jobs.JobProgress;
import com.crmtelephony.support.jobs.JobWork;
import com.crmtelephony.support.jobs.Jobs;
import com.crmtelephony.support.jobs.RespondAsync;

@Tag(name = "records")
@RestController
@RequestMapping("/phone_book/records")
class CsvImportController {

    static final String JOB_KIND = "phonebook-import";

    private final CsvImporter importer;
    private final Jobs jobs;

    CsvImportController(CsvImporter importer, Jobs jobs) {
        this.importer = importer;
        this.jobs = jobs;
    }

    @Operation(summary = "Import a directory file (text/csv, header name,email,number)",
            description = "Good rows are upserted, bad rows are reported with their line; importing the same "
                    + "file again changes nothing. A file without the header, with broken quoting or not in UTF-8: 400, "
                    + "nothing stored. A row with a NUL in a field is rejected, naming the field. With "
                    + "`Prefer: respond-async`: 202 and a job (Location: ../jobs/{id}) once the file is received and its "
                    + "header checked; the job reports rows done out of the total and the rejected rows so far, and "
                    + "stores the good rows 1,000 a transaction.")
    @ApiResponse(responseCode = "200", description = "imported",
            content = @Content(schema = @Schema(implementation = ImportReport.class)))
    @ApiResponse(responseCode = "202", description = "Prefer: respond-async: the import goes on as a job",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain"})
    ResponseEntity<?> importCsv(@RequestHeader(ContactController.TENANT) UUID tenant,
                                @Parameter(description = "respond-async: answer 202 with a job instead of waiting")
                                @RequestHeader(name = RespondAsync.PREFER, required = false) String prefer,
                                InputStream body) throws IOException {
        if (!RespondAsync.requested(prefer)) {
            return ResponseEntity.ok(importer.importCsv(tenant, utf8(body)));
        }
        // The job's slot first (the tenant's share of jobs, a place in the service's queue): past
        // either, nothing of the file is written. Then the whole file is received before the
        // answer, so the job does not depend on the client staying; it waits on disk, not in
        // memory (up to the import's 50 MB limit), until it is stored with the job, in the
        // database, where whichever instance runs the job reads it.
        try (Jobs.Slot slot = jobs.reserve(tenant)) {
            Path file = slot.file();
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            try (Reader header = utf8(Files.newInputStream(file))) {
                importer.checkHeader(header);
            }
            return RespondAsync.accepted(jobs.start(slot, JOB_KIND, null), "../jobs/");
        }
    }

    /** The import as a job: its file read back from the job, in parts. Upserts: a second run stores nothing twice. */
    @Component
    static class ImportJob implements JobWork {

        private final CsvImporter importer;

        ImportJob(CsvImporter importer) {
            this.importer = importer;
        }

        @Override
        public String kind() {
            return JOB_KIND;
        }

        @Override
        public Object run(JobInput input, JobProgress progress) {
            try (Reader csv = utf8(input.openFile())) {
                return importer.importCsv(input.tenant(), csv, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Strictly UTF-8: a byte sequence that is not refuses the file (400), where a lenient reader
     * would store replacement characters in place of the names it could not read.
     */
    private static Reader utf8(InputStream in) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, utf8);
    }

}
