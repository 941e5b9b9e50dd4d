package com.crmtelephony.cdr.call;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.support.errors.InvalidInputException;
import com.crmtelephony.support.errors.NotFoundException;
import com.crmtelephony.cdr.CdrProperties;
import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.web.Paging;
import com.crmtelephony.support.web.StreamedJson;

@Tag(name = "calls", description = "Call data records of the caller's tenant")
@RestController
@RequestMapping("/cdr")
public class CallController {

    /** The header that carries the cursor of the page after this one. */
    static final String NEXT_CURSOR = "X-Next-Cursor";
    private static final String NUMBER_FILTER = "either party's number, in any form the phone book matches "
            + "(+357 99 123456, 0035799123456, 35799123456 and 99123456 find the same calls)";
    private static final Pattern WRITTEN_SEPARATORS = Pattern.compile("[ ()./-]");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");

    private final CallService service;
    private final CallValidator validator;
    private final CdrProperties properties;
    private final JsonMapper json;
    private final NumberForms numbers;

    public CallController(CallService service, CallValidator validator, CdrProperties properties, JsonMapper json,
                          NumberForms numbers) {
        this.service = service;
        this.numbers = numbers;
        this.json = json;
        this.validator = validator;
        this.properties = properties;
    }

    @Operation(summary = "The tenant's calls, newest first",
            description = "Without page, size or cursor: all calls (compat), streamed from the database in constant memory. "
                    + "With page and size: one page, total in X-Total-Count. With size and cursor (from the previous page's "
                    + "X-Next-Cursor, which any page answers while more follow): the next page by keyset, as cheap deep "
                    + "in the list as at its start, and not shifted by calls stored meanwhile. The filters apply to every form.")
    @GetMapping("/get")
    public ResponseEntity<List<CallResponse>> get(
            HttpServletRequest request, HttpServletResponse response,
            @RequestHeader(Tenants.HEADER) UUID tenant,
            @Parameter(description = "calls that started at or after this instant") @RequestParam(required = false) Instant from,
            @Parameter(description = "calls that started before this instant") @RequestParam(required = false) Instant to,
            @Parameter(description = "inbound or outbound") @RequestParam(required = false) String direction,
            @Parameter(description = NUMBER_FILTER) @RequestParam(required = false) String number,
            @Parameter(description = "answered (answerStart set) or not") @RequestParam(required = false) Boolean answered,
            @Parameter(description = "has a recording id or not") @RequestParam(required = false) Boolean recording,
            @Parameter(description = "the call's last event: ORIGINATE, RING, ANSWERED or HANGUP") @RequestParam(required = false) String action,
            @Parameter(description = "0-based page number") @RequestParam(required = false) Integer page,
            @Parameter(description = "page size") @RequestParam(required = false) Integer size,
            @Parameter(description = "the X-Next-Cursor of the previous page (not with page)") @RequestParam(required = false) String cursor)
            throws IOException {
        if (page != null && cursor != null) {
            throw new InvalidInputException("page and cursor exclude each other: a cursor already says where the page starts");
        }
        CallCursor after = cursor == null ? null : CallCursor.decode(cursor);
        CallFilter filter = filter(tenant, from, to, direction, number, answered, recording, action);
        if (page == null && size == null && after == null) {
            stream(request, response, tenant, filter);
            return null; // answered: written to the response as it was read
        }
        Paging paging = Paging.of(page, size, properties.maxPageSize());
        CallPage found = after == null
                ? service.list(tenant, filter, paging.size(), paging.offset())
                : service.listAfter(tenant, filter, after, paging.size());
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (after == null) {
            answer.header("X-Total-Count", Long.toString(service.count(tenant, filter)));
        }
        if (found.next() != null) {
            answer.header(NEXT_CURSOR, found.next().encode());
        }
        return answer.body(found.calls().stream().map(CallResponse::of).toList());
    }

    @Operation(summary = "The tenant's calls as CSV, newest first",
            description = "The filters of GET /cdr/get; every call they take, streamed from the database in constant memory "
                    + "whatever the tenant's size. Columns: the JSON's fields in its order.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv"))
    @GetMapping("/export")
    public void export(
            HttpServletRequest request, HttpServletResponse response,
            @RequestHeader(Tenants.HEADER) UUID tenant,
            @Parameter(description = "calls that started at or after this instant") @RequestParam(required = false) Instant from,
            @Parameter(description = "calls that started before this instant") @RequestParam(required = false) Instant to,
            @Parameter(description = "inbound or outbound") @RequestParam(required = false) String direction,
            @Parameter(description = NUMBER_FILTER) @RequestParam(required = false) String number,
            @Parameter(description = "answered (answerStart set) or not") @RequestParam(required = false) Boolean answered,
            @Parameter(description = "has a recording id or not") @RequestParam(required = false) Boolean recording,
            @Parameter(description = "the call's last event: ORIGINATE, RING, ANSWERED or HANGUP") @RequestParam(required = false) String action)
            throws IOException {
        CallFilter filter = filter(tenant, from, to, direction, number, answered, recording, action);
        ShallowEtagHeaderFilter.disableContentCaching(request);
        // As the JSON stream: nothing is written before the first row, so a database that fails
        // at once fails the request with its own problem, not with a 200 and an empty file.
        Writer[] out = new Writer[1];
        service.forEach(tenant, filter, call -> CallCsv.row(out[0] == null ? (out[0] = openCsv(response)) : out[0], call));
        (out[0] == null ? openCsv(response) : out[0]).flush();
    }

    private static Writer openCsv(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CallCsv.MEDIA_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"calls.csv\"");
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 16_384);
            CallCsv.header(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's filter, each part checked; the number's forms come from the phone book's matching. */
    private CallFilter filter(UUID tenant, Instant from, Instant to, String direction, String number, Boolean answered,
                              Boolean recording, String action) {
        Tenants.checkRange(from, to);
        Direction d = direction == null ? null : switch (direction.strip().toLowerCase(Locale.ROOT)) {
            case "inbound" -> Direction.INBOUND;
            case "outbound" -> Direction.OUTBOUND;
            default -> throw new InvalidInputException("direction must be inbound or outbound");
        };
        CallAction a = null;
        if (action != null) {
            try {
                a = CallAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("action must be one of ORIGINATE, RING, ANSWERED, HANGUP");
            }
        }
        Set<String> forms = number == null ? null : numbers.of(tenant, digits(number));
        return new CallFilter(from, to, d, forms, answered, recording, a);
    }

    /** A number as written ({@code +357 99 123456}, {@code (099) 123-456}) as calls store it: its separators gone. */
    static String digits(String written) {
        String digits = written.length() > 64 ? written : WRITTEN_SEPARATORS.matcher(written.strip()).replaceAll("");
        if (!NUMBER.matcher(digits).matches()) {
            throw new InvalidInputException("number must be a phone number: up to 32 digits (and * #), an optional leading +, "
                    + "the separators space ( ) . / -");
        }
        return digits;
    }

    @Operation(summary = "Upsert a list of calls",
            description = "All or nothing: one invalid call rejects the whole list (422, naming index and field). "
                    + "Replays change nothing; a late event never moves a call backwards.")
    @PostMapping("/post")
    public UpsertSummary post(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestBody List<CallRequest> calls) {
        return service.store(tenant, validator.validate(calls));
    }

    @Operation(summary = "Upsert one call", description = "Returns the call as stored after merging.")
    @PutMapping("/put")
    public CallResponse put(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestBody CallRequest call) {
        return CallResponse.of(service.storeOne(tenant, validator.validate(call)));
    }

    @Operation(summary = "Delete the tenant's call with this recording id")
    @DeleteMapping("/delete")
    public ResponseEntity<Void> delete(@RequestHeader(Tenants.HEADER) UUID tenant, @RequestParam String recording) {
        if (!service.deleteByRecording(tenant, recording)) {
            throw new NotFoundException("No call with recording '" + recording + "' for this tenant");
        }
        return ResponseEntity.noContent().build();
    }

    /** The whole list as one JSON array, written as the rows arrive; nothing buffers it (no ETag). */
    private void stream(HttpServletRequest request, HttpServletResponse response, UUID tenant, CallFilter filter)
            throws IOException {
        StreamedJson.array(request, response, json, CallResponse.class,
                each -> service.forEach(tenant, filter, call -> each.accept(CallResponse.of(call))));
    }
}
