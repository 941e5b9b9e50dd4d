package com.crmtelephony.phonebook.csvimport;

import java.io.Reader;
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
                    + "file again changes nothing. A file without the header or with broken quoting: 400, nothing stored.")
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain"})
    ImportReport importCsv(@RequestHeader(ContactController.TENANT) UUID tenant, Reader csv) {
        return importer.importCsv(tenant, csv);
    }
}
