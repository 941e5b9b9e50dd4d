package com.crmtelephony.phonebook.contact;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.phonebook.PhonebookProperties;
import com.crmtelephony.support.caller.Callers;
import com.crmtelephony.support.web.Paging;
import com.crmtelephony.support.web.StreamedJson;

@Tag(name = "records", description = "Contacts of the caller's tenant")
@RestController
@RequestMapping("/phone_book/records")
public class ContactController {

    /** Names the tenant of a request (compat); the gateway sets it from the caller's API key. */
    public static final String TENANT = Callers.TENANT_HEADER;

    private final ContactService service;
    private final ContactValidator validator;
    private final PhonebookProperties properties;
    private final JsonMapper json;

    ContactController(ContactService service, ContactValidator validator, PhonebookProperties properties, JsonMapper json) {
        this.service = service;
        this.json = json;
        this.validator = validator;
        this.properties = properties;
    }

    @Operation(summary = "The tenant's contacts by name",
            description = "Without page/size: all of them (compat), streamed. With them: one page, total in X-Total-Count. "
                    + "q: a case-insensitive part of the name, or digits within the number.")
    @GetMapping
    ResponseEntity<List<ContactResponse>> list(HttpServletRequest request, HttpServletResponse response,
                                               @RequestHeader(TENANT) UUID tenant,
                                               @Parameter(description = "search in names and numbers") @RequestParam(required = false) String q,
                                               @Parameter(description = "0-based page number") @RequestParam(required = false) Integer page,
                                               @Parameter(description = "page size") @RequestParam(required = false) Integer size)
            throws IOException {
        if (q != null && q.length() > 100) {
            throw problem(HttpStatus.BAD_REQUEST, "q must be at most 100 characters");
        }
        if (page == null && size == null) {
            // All of them, written as the rows arrive: constant memory, so nothing buffers it (no ETag).
            StreamedJson.array(request, response, json, ContactResponse.class,
                    each -> service.forEach(tenant, q, contact -> each.accept(ContactResponse.of(contact))));
            return null; // answered
        }
        Paging paging = Paging.of(page, size, properties.maxPageSize());
        List<ContactResponse> records = service.find(tenant, q, paging.size(), paging.offset())
                .stream().map(ContactResponse::of).toList();
        return ResponseEntity.ok().header("X-Total-Count", Long.toString(service.count(tenant, q))).body(records);
    }

    @Operation(summary = "The contact with this number, given in any format")
    @GetMapping("/{caller_number}")
    ContactResponse get(@RequestHeader(TENANT) UUID tenant, @PathVariable("caller_number") String number) {
        return service.get(tenant, number).map(ContactResponse::of).orElseThrow(() ->
                problem(HttpStatus.NOT_FOUND, "No contact with number '" + number + "' for this tenant"));
    }

    @Operation(summary = "Upsert a list of contacts",
            description = "All or nothing: one invalid record (or two with the same number) rejects the list with 422.")
    @PostMapping
    UpsertSummary post(@RequestHeader(TENANT) UUID tenant, @RequestBody List<ContactRequest> records) {
        return service.upsert(tenant, validator.validate(tenant, records));
    }

    @Operation(summary = "Upsert one contact", description = "Returns the contact as stored.")
    @PutMapping
    ContactResponse put(@RequestHeader(TENANT) UUID tenant, @RequestBody ContactRequest record) {
        return ContactResponse.of(service.upsertOne(tenant, validator.validate(tenant, record)));
    }

    @Operation(summary = "Delete contacts",
            description = "The body lists records (their callerNumber counts) or plain numbers, in any format.")
    @DeleteMapping
    DeleteSummary delete(@RequestHeader(TENANT) UUID tenant, @RequestBody List<JsonNode> records) {
        return service.delete(tenant, validator.numbers(records));
    }

    @Operation(summary = "Find the contacts of many numbers at once",
            description = "Numbers in any format; the answer lists a match per number that is a contact, "
                    + "with that number exactly as asked. Numbers without a contact are left out, unless "
                    + "unmatched=true: then they are listed too, without a name, with the E.164 form they would "
                    + "match as (null for what is no number), to be followed in GET /phone_book/changes.")
    @PostMapping("/lookup")
    List<LookupMatch> lookup(@RequestHeader(TENANT) UUID tenant, @RequestBody List<JsonNode> numbers,
                             @Parameter(description = "list the numbers without a contact too")
                             @RequestParam(defaultValue = "false") boolean unmatched) {
        return service.lookup(tenant, validator.numbers(numbers), unmatched);
    }

    @Operation(summary = "The numbers whose contact changed",
            description = "A change feed: the E.164 numbers whose contact came, went, or was renamed or renumbered "
                    + "from position `after` on, and the position to ask from next. Without `after`, or when more "
                    + "changed than one answer lists, complete=false: forget what earlier lookups said.")
    @GetMapping(path = "/changes")
    ContactChanges changes(@RequestHeader(TENANT) UUID tenant,
                           @Parameter(description = "the position a previous answer gave")
                           @RequestParam(required = false) Long after) {
        if (after != null && after < 0) {
            throw problem(HttpStatus.BAD_REQUEST, "after must be a position this feed gave");
        }
        return service.changes(tenant, after);
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
