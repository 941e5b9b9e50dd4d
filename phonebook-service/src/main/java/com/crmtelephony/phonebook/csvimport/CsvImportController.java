package com.crmtelephony.phonebook.csvimport;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.phonebook.contact.ContactController;

@Tag(name = "records")
@RestController
@RequestMapping("/phone_book/records")
class CsvImportController {

    private final CsvImporter importer;

    CsvImportController(CsvImporter importer) {
        this.importer = importer;
    }

    @Operation(summary = "Import a directory file (text/csv, header name,email,number)",
            description = "Good rows are upserted, bad rows are reported with their line; importing the same "
                    + "file again changes nothing. A file without the header, with broken quoting or not in UTF-8: 400, "
                    + "nothing stored. A row with a NUL in a field is rejected, naming the field.")
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain"})
    ImportReport importCsv(@RequestHeader(ContactController.TENANT) UUID tenant, InputStream body) {
        // Strictly UTF-8: a byte sequence that is not refuses the file (400), where a lenient
        // reader would store replacement characters in place of the names it could not read.
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return importer.importCsv(tenant, new InputStreamReader(body, utf8));
    }
}
