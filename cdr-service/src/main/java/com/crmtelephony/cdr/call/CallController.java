package com.crmtelephony.cdr.call;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.crmtelephony.cdr.CdrProperties;
import com.crmtelephony.cdr.tenant.Tenants;
import com.crmtelephony.support.web.Paging;
import com.crmtelephony.support.web.StreamedJson;

@Tag(name = "calls", description = "Call data records of the caller's tenant")
@RestController
@RequestMapping("/cdr")
public class CallController {

    private final CallService service;
    private final CallValidator validator;
    private final CdrProperties properties;
    private final JsonMapper json;

    public CallController(CallService service, CallValidator validator, CdrProperties properties, JsonMapper json) {
        this.service = service;
        this.json = json;
        this.validator = validator;
        this.properties = properties;
    }

    @Operation(summary = "The tenant's calls, newest first",
            description = "Without page/size: all calls (compat), streamed from the database in constant memory. "
                    + "With them: one page, total in X-Total-Count.")
    @GetMapping("/get")
    public ResponseEntity<List<CallResponse>> get(
            HttpServletRequest request, HttpServletResponse response,
            @RequestHeader(Tenants.HEADER) UUID tenant,
            @Parameter(description = "calls that started at or after this instant") @RequestParam(required = false) Instant from,
            @Parameter(description = "calls that started before this instant") @RequestParam(required = false) Instant to,
            @Parameter(description = "0-based page number") @RequestParam(required = false) Integer page,
            @Parameter(description = "page size") @RequestParam(required = false) Integer size) throws IOException {
        Tenants.checkRange(from, to);
        if (page == null && size == null) {
            stream(request, response, tenant, from, to);
            return null; // answered: written to the response as it was read
        }
        Paging paging = Paging.of(page, size, properties.maxPageSize());
        List<CallResponse> calls = service.list(tenant, from, to, paging.size(), paging.offset())
                .stream().map(CallResponse::of).toList();
        return ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(service.count(tenant, from, to)))
                .body(calls);
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
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No call with recording '" + recording + "' for this tenant");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        }
        return ResponseEntity.noContent().build();
    }

    /** The whole list as one JSON array, written as the rows arrive; nothing buffers it (no ETag). */
    private void stream(HttpServletRequest request, HttpServletResponse response, UUID tenant, Instant from, Instant to)
            throws IOException {
        StreamedJson.array(request, response, json, CallResponse.class,
                each -> service.forEach(tenant, from, to, call -> each.accept(CallResponse.of(call))));
    }
}
