package com.crmtelephony.phonebook.csvimport;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.springframework.stereotype.Service;

import com.crmtelephony.phonebook.PhonebookProperties;
import com.crmtelephony.phonebook.contact.Contact;
import com.crmtelephony.phonebook.contact.ContactService;
import com.crmtelephony.phonebook.contact.ContactValidator;
import com.crmtelephony.phonebook.contact.UpsertSummary;
import com.crmtelephony.support.jobs.JobProgress;

/**
 * Imports a directory in the PBX's CSV format ({@code name,email,number}). Good rows are
 * stored, bad ones reported; a file that is not CSV at all stores nothing.
 */
@Service
public class CsvImporter {

    static final Set<String> COLUMNS = Set.of("name", "email", "number");
    private static final Map<String, String> FIELD = Map.of("name", "name", "emailId", "email", "callerNumber", "number");

    /** Contacts per transaction of an import run as a job: its progress moves, and a failure keeps what was stored. */
    static final int JOB_CHUNK = 1000;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();

    private final ContactValidator validator;
    private final ContactService contacts;
    private final PhonebookProperties properties;

    CsvImporter(ContactValidator validator, ContactService contacts, PhonebookProperties properties) {
        this.validator = validator;
        this.contacts = contacts;
        this.properties = properties;
    }

    /** The file is malformed as a whole (no header, broken quoting, too many rows): nothing is stored. */
    public static class MalformedCsvException extends RuntimeException {
        MalformedCsvException(String message) {
            super(message);
        }
    }

    /** The synchronous import: every good row stored in one transaction, or none. */
    public ImportReport importCsv(UUID tenant, Reader csv) {
        return importCsv(tenant, csv, JobProgress.NONE, Integer.MAX_VALUE);
    }

    /**
     * The import as a job: rows rejected are reported as they are found, then the good rows are
     * stored {@link #JOB_CHUNK} at a time, {@code done} counting the rows stored or rejected out of
     * the file's {@code total}. Importing the same file again changes nothing, so a job that failed
     * midway is finished by running it again.
     */
    public ImportReport importCsv(UUID tenant, Reader csv, JobProgress progress) {
        return importCsv(tenant, csv, progress, JOB_CHUNK);
    }

    private ImportReport importCsv(UUID tenant, Reader csv, JobProgress progress, int chunk) {
        List<Contact> good = new ArrayList<>();
        List<ImportReport.RowError> errors = new ArrayList<>();
        Consumer<ImportReport.RowError> reject = error -> {
            errors.add(error);
            progress.error(error);
        };
        Map<String, Long> lineOfNumber = new HashMap<>();
        int rows = parse(csv, (parser, header, row) -> {
            long line = row.getRecordNumber() + 1;
            if (!row.isConsistent()) {
                reject.accept(new ImportReport.RowError(line, null,
                        "has " + row.size() + " fields, the header " + parser.getHeaderNames().size()));
                return;
            }
            List<ImportReport.RowError> rowErrors = new ArrayList<>();
            validator.check(tenant, row.get(header.get("number")), row.get(header.get("name")), row.get(header.get("email")),
                    p -> rowErrors.add(new ImportReport.RowError(line, FIELD.get(p.field()), p.field() + " " + p.message())))
                    .ifPresent(contact -> {
                        Long first = lineOfNumber.putIfAbsent(contact.number(), line);
                        if (first != null) {
                            rowErrors.add(new ImportReport.RowError(line, "number", "is the same number as line " + first));
                        } else {
                            good.add(contact);
                        }
                    });
            rowErrors.forEach(reject);
        });
        int rejected = rows - good.size();
        progress.total(rows);
        progress.done(rejected);
        int inserted = 0;
        int updated = 0;
        int unchanged = 0;
        for (int from = 0; from < good.size(); from += chunk) {
            int to = (int) Math.min(good.size(), (long) from + chunk);
            UpsertSummary stored = contacts.upsert(tenant, good.subList(from, to));
            inserted += stored.inserted();
            updated += stored.updated();
            unchanged += stored.unchanged();
            progress.done(rejected + to);
        }
        return new ImportReport(rows, inserted, updated, unchanged, rejected, errors);
    }

    /** The file's first line is the header name,email,number: checked before a job is started for the file. */
    public void checkHeader(Reader csv) {
        parse(csv, null);
    }

    private interface RowReader {
        void read(CSVParser parser, Map<String, String> header, CSVRecord row);
    }

    /** Reads the header, then each row (none without a reader); the number of rows read. */
    private int parse(Reader csv, RowReader reader) {
        int rows = 0;
        try (CSVParser parser = FORMAT.parse(csv)) {
            Map<String, String> header = checkHeader(parser.getHeaderNames());
            if (reader == null) {
                return 0;
            }
            for (CSVRecord row : parser) {
                rows++;
                if (rows > properties.maxImportRows()) {
                    throw new MalformedCsvException("more than " + properties.maxImportRows() + " rows; split the file");
                }
                reader.read(parser, header, row);
            }
            return rows;
        } catch (IOException e) {
            throw unreadable(e, rows);
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause(), rows);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new MalformedCsvException("not readable as CSV: " + e.getMessage());
        }
    }

    private static MalformedCsvException unreadable(IOException e, int rows) {
        if (e instanceof CharacterCodingException) {
            return new MalformedCsvException("the file is not valid UTF-8 (after row " + rows + ")");
        }
        return new MalformedCsvException("not readable as CSV: " + e.getMessage());
    }

    /** Header column by lower-case name; name, email and number must all be there. */
    private static Map<String, String> checkHeader(List<String> names) {
        Map<String, String> byName = new HashMap<>();
        names.forEach(n -> byName.put(n.toLowerCase(Locale.ROOT).strip(), n));
        if (!byName.keySet().containsAll(COLUMNS)) {
            throw new MalformedCsvException("the first line must be the header name,email,number; was " + names);
        }
        return byName;
    }
}
